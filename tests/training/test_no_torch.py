"""The package without PyTorch: imports, doctests, a clear error from the API and the CLI.

Each test runs a fresh interpreter in which ``import torch`` fails (``sys.modules["torch"]``
is set to None, exactly what Python does for a module that cannot be imported).
"""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test starts a Python process

REPOSITORY = Path(__file__).resolve().parents[2]
BLOCK_TORCH = "import sys; sys.modules['torch'] = None\n"
INSTALL = 'pip install "momentum-theory[torch]"'


def python(code, cwd=REPOSITORY):
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_importing_the_package_does_not_import_torch():
    result = python(
        "import sys\n"
        "import momentum_theory, momentum_theory.training, momentum_theory.cli.train\n"
        "import momentum_theory.paper.networks, momentum_theory.training.plotting\n"
        "print('torch' in sys.modules)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_without_torch_the_api_raises_an_import_error_naming_the_extra():
    result = python(
        BLOCK_TORCH
        + "from momentum_theory.training import train_chapter_network, torch_available\n"
        "assert not torch_available()\n"
        "try:\n"
        "    train_chapter_network('torch')\n"
        "except ImportError as error:\n"
        "    print(type(error).__name__, error)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("TorchNotInstalledError")
    assert INSTALL in result.stdout


def test_without_torch_the_cli_exits_2_with_the_message_and_writes_nothing(tmp_path):
    result = python(
        BLOCK_TORCH + "import argparse\n"
        "from momentum_theory.cli import train\n"
        "parser = argparse.ArgumentParser(prog='momentum-theory')\n"
        "train.register(parser.add_subparsers(dest='command'))\n"
        "arguments = parser.parse_args(['train', '--output-dir', '.'])\n"
        "arguments.run(arguments)\n",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert INSTALL in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_without_torch_the_doctests_pass_or_skip():
    result = python(
        BLOCK_TORCH + "import pytest\n"
        "paths = ['momentum_theory/training', 'momentum_theory/paper/networks',\n"
        "         'momentum_theory/cli/train.py']\n"
        "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '--doctest-modules', *paths]))\n"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed" in result.stdout
