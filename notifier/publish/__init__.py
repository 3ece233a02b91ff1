"""Static publishing: render every publishable URL through the app and write it to a directory."""
