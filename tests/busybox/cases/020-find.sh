mkdir -p d/e; touch d/a d/e/b
find d | sort
find d -type f | sort
find d -name b
find d -type f -exec echo found {} \; | sort
