"""``helpline-pack build | check | verify | init | calibrate``: thin commands over the Python API.

Exit codes: 0 success, 1 verify found a problem, 2 bad input (one line on stderr, no
traceback, nothing written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from dataclasses import asdict, replace
from pathlib import Path

from . import __version__
from .errors import PackError

HEADER = f"{'result':<5} {'file':<27} {'check':<15} figure"

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and exit 2, like every other bad input
        self.exit(EXIT_BAD_INPUT, f"helpline-pack: error: {message} (see helpline-pack --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="helpline-pack", description="Print-ready domestic abuse support material.")
    parser.add_argument("--version", action="version", version=f"helpline-pack {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def pack_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--config", type=Path, metavar="PACK.yaml",
                             help="your pack (default: the built-in London pack)")
        command.add_argument("--max-age-months", type=int, metavar="N",
                             help="warn about records checked longer ago than this (default: the pack's)")

    build = commands.add_parser("build", help="build every product of a pack into a folder")
    pack_options(build)
    build.add_argument("--out", type=Path, default=Path("output"), metavar="DIR", help="default: output/")
    build.add_argument("--products", metavar="LIST", help="a subset, e.g. poster,wallet-card,sticker")
    build.add_argument("--printer", type=Path, metavar="PROFILE.yaml",
                       help="a printer profile from `calibrate`: shifts office sheets for this printer")
    build.add_argument("--sheet", metavar="CODE", help="stickers on another label sheet, e.g. L7163 or L7651")
    build.add_argument("--print-shop", action="store_true",
                       help="make every PDF a print shop's: CMYK for FOGRA39, PDF/X-4, pure-black text")
    build.add_argument("--no-verify", action="store_true",
                       help="skip the checks verify makes after building (they take about a second)")
    build.add_argument("--no-previews", action="store_true", help="skip previews/ (page PNGs and proof.png)")
    batch = commands.add_parser("batch", help="build one pack per site from a spreadsheet (site, local service, ...)")
    batch.add_argument("sites", type=Path, metavar="SITES",
                       help="a .csv or .xlsx file; columns: site, local_service, local_phone, local_hours [, language, "
                            "local_for, local_checked_on, contact, site_short]")
    batch.add_argument("--sheet", metavar="NAME", help="the workbook's sheet to read (default: the first)")
    batch.add_argument("--config", type=Path, metavar="PACK.yaml",
                       help="the pack every site builds on (default: London)")
    batch.add_argument("--out", type=Path, required=True, metavar="DIR", help="one folder per site is made in here")
    batch.add_argument("--products", metavar="LIST", help="a subset, e.g. poster,wallet-card,sticker")
    batch.add_argument("--jobs", type=int, metavar="N", help="sites built at once (default: one per core)")
    batch.add_argument("--verify", action="store_true",
                       help="verify every site (about a second each); by default the first site is verified")
    batch.add_argument("--previews", action="store_true", help="write previews/ for every site")
    batch.add_argument("--zip", type=Path, metavar="FILE.zip", help="also put every site's folder in one ZIP")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    batch.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="build on a Dask cluster (pip install helpline-pack[cluster]); this machine writes "
                            "the files")
    serve = commands.add_parser("serve", help="a web page to make a branded pack, with a live preview")
    serve.add_argument("--port", type=int, default=8000, metavar="N", help="default: 8000")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                       help="default: 127.0.0.1 (this machine only); another address lets others on the network in")
    serve.add_argument("--workers", type=int, default=2, metavar="N",
                       help="builds at once, each in its own process: about one per core (default: 2)")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="a name the page is reached by, such as a web server's in front of it (repeatable)")
    calibrate = commands.add_parser("calibrate", help="print alignment pages to measure a printer's offset")
    calibrate.add_argument("--sheet", metavar="CODE", default="L7160",
                           help="label sheet to test against (default: L7160)")
    calibrate.add_argument("--printer", type=Path, metavar="PROFILE.yaml",
                           help="print with this profile applied, to check or refine it")
    calibrate.add_argument("--out", type=Path, default=Path("output"), metavar="DIR", help="default: output/")
    init = commands.add_parser("init", help="write a commented starter pack to edit")
    init.add_argument("path", nargs="?", type=Path, default=Path("my-pack.yaml"), metavar="PATH",
                      help="the pack file to write (default: my-pack.yaml); never overwritten")
    init.add_argument("--nation", default="london", metavar="PACK",
                      help="the built-in pack to start from: england, london (default), wales, scotland or "
                           "northern-ireland")
    check = commands.add_parser("check", help="validate a pack and list stale records; writes nothing")
    pack_options(check)
    verify = commands.add_parser("verify", help="re-open a build and check it as a printer and a phone would")
    verify.add_argument("dir", type=Path, metavar="DIR")
    verify.add_argument("--json", action="store_true", help="print the findings as JSON, for other tools")
    return parser


def _warn(found) -> None:
    for warning in found:
        print(warning, file=sys.stderr)


PROXY_HELP = """\
To share the page safely, put it behind a web server that adds HTTPS and a login, and keep
helpline-pack itself on this machine only, naming the address people will use:
    helpline-pack serve --host 127.0.0.1 --port 8000 --workers N --allow-host pack.example.org
and in nginx, for example (pass the Host header on: the page checks it, and Origin against it):
    location / { proxy_pass http://127.0.0.1:8000; proxy_set_header Host $host;
                 client_max_body_size 8m; proxy_read_timeout 60s; auth_basic "helpline-pack"; }"""


def _serve(args) -> int:
    from .web import Server

    if not 0 <= args.port <= 65535:
        raise PackError(f"{args.port} is not a port; use 1024 to 65535", field="--port")
    if not 1 <= args.workers <= 64:
        raise PackError(f"{args.workers} is not a number of workers; use 1 to 64 (about one per core)",
                        field="--workers")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: anyone who can reach this machine on port {args.port} can use "
              "the page and see what is typed into it, over plain HTTP.", file=sys.stderr)
        print(PROXY_HELP, file=sys.stderr)
    try:
        server = Server(args.host, args.port, workers=args.workers, names=tuple(args.allow_host))
    except OSError as exc:
        raise PackError(f"cannot listen on {args.host}:{args.port} ({exc.strerror}); choose another with --port",
                        field="--port") from None
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"helpline-pack: open  http://{host}:{server.port}/  in a web browser; Ctrl-C to stop",
          flush=True)
    try:
        server.serve_forever()
    finally:
        server.socket.close()
    return EXIT_OK


def _batch(args) -> int:
    from .batch import run

    if args.jobs is not None and not 1 <= args.jobs <= 64:
        raise PackError(f"{args.jobs} is not a number of jobs; use 1 to 64 (one per core is the default)",
                        field="--jobs")
    summary = run(args.sites, args.out, config=args.config, products=args.products, jobs=args.jobs,
                  verify=args.verify, previews=args.previews, zip_path=args.zip,
                  progress=False if args.no_progress else None, sheet=args.sheet, scheduler=args.scheduler)
    built, unchanged, bad = summary.count("built"), summary.count("unchanged"), len(summary.bad_lines)
    parts = [f"{built} built", f"{unchanged} already built from the same input"]
    if bad:
        lines = ", ".join(map(str, summary.bad_lines[:20])) + (", ..." if bad > 20 else "")
        parts.append(f"{bad} bad row{'s' * (bad != 1)} skipped (row{'s' * (bad != 1)} {lines})")
    print(f"batch: {'; '.join(parts)}, in {summary.seconds:.1f} s, into {args.out}/")
    if summary.sample:
        print(f"verify: {summary.sample}/ checked in full as a sample; run  helpline-pack verify DIR/<site>  "
              "on any other, or batch --verify to check every site")
    if summary.zip_path:
        print(f"wrote {summary.zip_path}")
    elif args.zip:
        print(f"no site was built, so {args.zip} was not written")
    if summary.failed_checks:
        print(f"verify: {summary.failed_checks} problems; do not print these files until they are fixed")
        return EXIT_FAILED
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            from .build import build

            result = build(args.config, args.out, products=args.products, max_age_months=args.max_age_months,
                           printer=args.printer, sheet=args.sheet, verify=not args.no_verify,
                           print_shop=args.print_shop,
                           previews=not args.no_previews, jobs=_cores())
            _warn(result.warnings)
            previews = [p for p in result.files if p.parent.name == "previews"]
            for path in result.files:
                if path not in previews:
                    print(f"wrote {path}")
            if previews:
                print(f"wrote {previews[0].parent}/ ({len(previews) - 1} page previews and proof.png)")
            if result.findings is None:
                return EXIT_OK
            for finding in result.failed:
                print(finding)
            passed = len(result.findings) - len(result.failed)
            if result.failed:
                print(f"verify: {len(result.failed)} problems, {passed} checks passed. Do not print these files "
                      "until the problems are fixed.")
                return EXIT_FAILED
            print(f"verify: all {passed} checks passed")
            return EXIT_OK
        if args.command == "batch":
            return _batch(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "check":
            from .pack import load_pack
            from .stale import warnings

            pack = load_pack(args.config)
            if args.max_age_months is not None:
                pack = replace(pack, max_age_months=args.max_age_months)
            found = warnings(pack, dt.date.today(), args.max_age_months)
            _warn(found)
            print(f"{pack.file or 'pack'}: valid ({len(pack.services)} services, "
                  f"{len(found)} warning{'s' * (len(found) != 1)})")
            return EXIT_OK
        if args.command == "init":
            from .build import init

            path = init(args.path, args.nation)
            print(f"wrote {path}\nnext: edit it, then run  helpline-pack build --config {path} "
                  f"--out {path.stem}-output")
            return EXIT_OK
        if args.command == "calibrate":
            from .build import calibrate

            for path in calibrate(args.out, sheet=args.sheet, printer=args.printer):
                print(f"wrote {path}")
            return EXIT_OK
        from .verify import verify

        findings = verify(args.dir, jobs=_cores())
        failed = [f for f in findings if not f.ok]
        if args.json:
            print(json.dumps({"folder": str(args.dir), "passed": len(findings) - len(failed), "failed": len(failed),
                              "findings": [asdict(f) for f in findings]}, indent=2, ensure_ascii=False))
            return EXIT_FAILED if failed else EXIT_OK
        print(HEADER)
        for finding in findings:
            print(finding)
        print(f"{len(findings) - len(failed)} passed, {len(failed)} failed")
        return EXIT_FAILED if failed else EXIT_OK
    except PackError as exc:
        print(f"helpline-pack: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        # Files land whole or not at all (generator.output), so stopping is always safe.
        again = "; run it again to finish (sites already built are skipped)" if args.command == "batch" else ""
        print(f"helpline-pack: stopped; nothing was left half-written{again}", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
