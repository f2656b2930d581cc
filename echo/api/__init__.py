"""JSON API for other tools (a hospital portal, a learning platform): /api/v1/...

Described by an OpenAPI 3.1 document served at /api/v1/openapi.json (echo/api/openapi.py).
Authentication is the app's login session cookie; errors are JSON (echo/core/web.py).
"""
