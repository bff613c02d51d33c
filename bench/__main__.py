"""python -m bench [--variant NAME] [--n N] [--quick] [--group G ...] [--export FILE]"""

from __future__ import annotations

import argparse
import hashlib
import sys

from . import Options, discover, format_value, run


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description="Print benchmark figures, one `name: value` line each.")
    p.add_argument("--variant", help="workload variant (bilateral, multilateral6); default: all")
    p.add_argument("--n", type=int, help="run only the first N negotiations of each variant")
    p.add_argument("--quick", action="store_true", help="small fast run (first 10 negotiations unless --n)")
    p.add_argument("--group", action="append", default=[], help="only this figure group (repeatable)")
    p.add_argument("--list-groups", action="store_true", help="list the registered figure groups and exit")
    p.add_argument("--export", metavar="FILE", help="write the canonical scenario export to FILE, print its sha256, exit")
    a = p.parse_args(argv)
    if a.n is not None and a.n < 1:
        p.error("--n must be >= 1")
    if a.list_groups:
        for name in sorted(discover()):
            print(name)
        return 0
    if a.export:
        from .workload import canonical_bytes, export_all

        data = canonical_bytes(export_all())
        with open(a.export, "wb") as f:
            f.write(data)
        print(f"export.sha256: {hashlib.sha256(data).hexdigest()}")
        return 0
    unknown = [g for g in a.group if g not in discover()]
    if unknown:
        p.error(f"unknown group(s): {', '.join(unknown)}; known: {', '.join(sorted(discover()))}")
    opts = Options(variant=a.variant, n=a.n, quick=a.quick, groups=tuple(a.group))
    try:
        for name, value in run(opts):
            print(f"{name}: {format_value(value)}", flush=True)
    except KeyError as e:
        print(f"error: {e.args[0]}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
