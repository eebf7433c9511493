"""The wheel the Dockerfile installs carries every module and the page templates."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_every_package_and_the_page_assets(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("thidua-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {str(p.relative_to(ROOT)) for folder in ("events", "services", "docgen")
               for p in (ROOT / folder).rglob("*.py")}
    assert sources <= names, sorted(sources - names)[:5]
    assets = {str(p.relative_to(ROOT)) for p in (ROOT / "services" / "web").rglob("*")
              if p.suffix in (".html", ".css")}
    assert assets and assets <= names, sorted(assets - names)[:5]


def test_dockerfile_points_an_installed_docgen_at_the_templates() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY templates_docx ./templates_docx" in dockerfile
    assert "THIDUA_TEMPLATES_DIR=/app/templates_docx" in dockerfile
    assert "USER thidua" in dockerfile and "HEALTHCHECK" in dockerfile
    assert 'ENTRYPOINT ["thidua"]' in dockerfile  # the commands: tests/e2e/test_container.py
