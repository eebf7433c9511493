# thidua web service: gunicorn on services.web:create_app(), as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    THIDUA_DATA_DIR=/data \
    THIDUA_TEMPLATES_DIR=/app/templates_docx

WORKDIR /app
COPY pyproject.toml README.md ./
COPY events ./events
COPY services ./services
COPY docgen ./docgen
COPY templates_docx ./templates_docx
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home-dir /data --create-home thidua

USER thidua
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"

# `thidua db init` creates the schema once; run it before scaling out to many containers.
CMD ["sh", "-c", "thidua db init && exec gunicorn --bind 0.0.0.0:8000 --workers 2 --no-control-socket --access-logfile - 'services.web:create_app()'"]
