# The upstream document openapi.yaml is made from: Polar's published OpenAPI
# document for API version 2026-10 (docs/openapi/2026-10.openapi.json in
# Polar's repository at commit c6c3645e639e, 2026-08-22). `make spec` and
# `make check-spec` refuse any other file. To move to a new document: point
# POLAR_SPEC at it, update these two lines, `make spec generate`, read
# `make breaking`.
POLAR_SPEC_VERSION := 2026-10
POLAR_SPEC_SHA256  := 8ac1830be58df3d24270430c2a3fc226eedede5c44ec1675b4a7d491d476ca44
