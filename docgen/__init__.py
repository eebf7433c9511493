"""Document generation (Kế hoạch, Quyết định …): pure functions, context dict → .docx bytes.

Filled in by the documents issue; may import only the standard library, docxtpl,
python-docx and jinja2 — never ``events`` or ``services``.
"""
