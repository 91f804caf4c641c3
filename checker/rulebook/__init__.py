"""Rule files: typed models, a located loader and the JSON Schema."""
