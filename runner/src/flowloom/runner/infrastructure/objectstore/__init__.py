"""Execution files in S3 (MinIO SDK): presigned URLs for wrappers, bytes for the API."""
