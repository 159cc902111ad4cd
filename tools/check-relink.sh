#!/bin/sh
# Check that adding the symbol table moved no text symbol between the first
# and the second link (the table lives after .text, so nothing may move).
# usage: check-relink.sh NM pass1.elf final.elf
nm=$1
a=$($nm -n "$2" | awk '$2 ~ /^[tT]$/ && $3 !~ /^ksyms/')
b=$($nm -n "$3" | awk '$2 ~ /^[tT]$/ && $3 !~ /^ksyms/')
if [ "$a" != "$b" ]; then
	echo "check-relink: text symbols moved between links" >&2
	exit 1
fi
