"""HTTP plumbing shared by the JSON API and the web pages: the signed-in viewer, the one error shape,
security headers and the upload limit. Below both interfaces; imports neither."""
