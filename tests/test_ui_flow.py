"""Scenes reach each other by name through game/ui/scenes/flow.py: no scene module imports another
(only the flow module and the shared bases), and importing a scene loads no other scene."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.ui.scenes import flow

SCENES_DIR = Path(flow.__file__).parent
SHARED = {"flow", "menu", "negotiation"}
"""The flow module and the shared bases (menu pages, the game scenes' GameScene)."""
MODULES = sorted(p.stem for p in SCENES_DIR.glob("*.py") if p.stem != "__init__")


def scene_imports(path: Path) -> set[str]:
    """The modules of game/ui/scenes that `path` imports, wherever the import statement is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:  # from .x import y / from . import x
                found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
            elif node.level == 0 and (node.module or "").startswith("game.ui.scenes"):
                rest = node.module.split(".")[3:]
                found |= {rest[0]} if rest else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[3] for a in node.names if a.name.startswith("game.ui.scenes.")}
    return found & set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_a_scene_imports_no_other_scene(module):
    imported = scene_imports(SCENES_DIR / f"{module}.py")
    assert imported <= SHARED, f"{module}.py imports {sorted(imported - SHARED)}: go through flow instead"


def test_the_checker_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from .title import TitleScene\n    from . import hall\n"
                      "import game.ui.scenes.debrief\nfrom game.ui.scenes import load\n", encoding="utf-8")
    assert scene_imports(source) == {"title", "hall", "debrief", "load"}


def test_every_scene_is_known_by_name():
    for name in flow.SCENES:
        assert isinstance(flow.scene_class(name), type)
    defined = {f"{m}.{cls}" for m in MODULES for cls in _scene_classes(SCENES_DIR / f"{m}.py")}
    bases = {"menu.MenuScene", "negotiation.GameScene"}
    assert defined - bases == set(flow.SCENES.values())


def _scene_classes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Scene")]


def test_importing_a_scene_loads_no_other_scene():
    """In a fresh interpreter, each scene module alone: the scene modules it pulls in."""
    script = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    for m in [m for m in sys.modules if m.startswith('game.ui.scenes.')]:\n"
        "        del sys.modules[m]\n"
        "    importlib.import_module('game.ui.scenes.' + name)\n"
        "    loaded = sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('game.ui.scenes.'))\n"
        "    print(name, ' '.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True,
                         env=dict(os.environ, SDL_VIDEODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1"),
                         cwd=SCENES_DIR.parents[2])
    for line in out.stdout.splitlines():
        name, *loaded = line.split()
        assert set(loaded) <= SHARED | {name}, f"importing {name} loads {sorted(set(loaded) - SHARED - {name})}"
    assert len(out.stdout.splitlines()) == len(MODULES)
