# <<- strips leading tabs, << keeps them
cat <<-END
	tab-indented
		twice
	END
cat <<END
	kept
END
