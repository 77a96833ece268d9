"""The OpenAPI document says every answer an endpoint can give, errors included.

Every error of the API has one shape (api/errors.py): {"error": {"code", "message",
"status", "fields"?}}. This postprocessing hook (SPECTACULAR_SETTINGS) adds it as the
`Error` component and documents, on each operation, the errors it can return: 401 and
429 everywhere (no token, too many requests), 403 and 404 (no right to it, or not in the
caller's scope), 400 where a body or query parameters are read, and on writes 409
(a conflicting repeat) and 412 (If-Match older than the object: core.versions).
"""

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "status"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "status": {"type": "integer"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
DESCRIPTIONS = {
    "400": "Dữ liệu không hợp lệ",
    "401": "Chưa xác thực",
    "403": "Không có quyền",
    "404": "Không tìm thấy, hoặc ngoài phạm vi được xem",
    "409": "Trùng với bản đã ghi nhận, khác nội dung",
    "412": "Đã được lưu ở nơi khác từ phiên bản trong If-Match",
    "429": "Quá nhiều yêu cầu",
}
WRITES = {"post", "put", "patch", "delete"}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "put", "patch", "post", "delete"}:
                continue
            codes = ["400", "401", "403", "404", "429"]
            if method in WRITES:
                codes += ["409", "412"]
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"content": ref, "description": DESCRIPTIONS[code]})
    return result
