"""Document generation (Kế hoạch, Quyết định …): pure functions, context dict → .docx bytes.

- ``vietnamese``: numbers and amounts in words, dates, document numbers, signature blocks;
- ``render``: ``render(name, context)``, ``template_hash``, ``undeclared_variables``;
- ``build_templates``: builds templates_docx/*.docx (``python -m docgen.build_templates``);
- ``checker``: ``check_docx`` and ``main`` (the NĐ 30/2020 format checker, ``check-docx``);
- ``pdf``: ``to_pdf`` through LibreOffice; ``examples``: a context for every template.

May import only the standard library, docxtpl, python-docx, jinja2 and lxml — never
``events`` or ``services``.
"""
