"""The code passes the project's lint (pyproject.toml ``[tool.ruff.lint]``: pycodestyle,
pyflakes, import order), so an unused import or an unsorted block fails the suite, not a
reviewer's eye."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_code_passes_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                             "--output-format", "concise", str(ROOT)],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
