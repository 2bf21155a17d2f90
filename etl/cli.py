"""Command line: a thin layer over etl.load / etl.template / etl.demo (docs: data-contract.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import users
from etl.report import EtlError


def _hidden_options(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("--include-hidden", dest="hidden", action="store_const", const="include",
                   help="Excel 中隐藏的行也导入 (rows hidden in Excel are read)")
    g.add_argument("--skip-hidden", dest="hidden", action="store_const", const="skip",
                   help="跳过 Excel 中隐藏的行 (rows hidden in Excel are skipped)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="教共体数据导入 (alliance data import)")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("template", help="生成空白导入模板 (write the blank import workbook)")
    t.add_argument("--out", required=True, type=Path, help="输出的 .xlsx 文件")
    c = sub.add_parser("check", help="只检查不入库 (validate only)")
    c.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    c.add_argument("--db", type=Path, default=None, help="数据库路径，默认 ALLIANCE_DB 或 data/alliance.duckdb")
    _hidden_options(c)
    ld = sub.add_parser("load", help="检查并入库 (validate, transform and load)")
    ld.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    ld.add_argument("--db", type=Path, default=None, help="数据库路径，默认 ALLIANCE_DB 或 data/alliance.duckdb")
    ld.add_argument("--replace-school-results", action="store_true",
                    help="逐生成绩按 考试+学校 整体替换已入库的成绩（用于删除错报的学生）"
                         " (per-student results replace all stored results of the same exam and school)")
    ld.add_argument("--allow-rejects", action="store_true",
                    help="有问题的行记入 load_rejects，其余行照常入库 (load valid rows, keep rejects)")
    _hidden_options(ld)
    r = sub.add_parser("rebuild", help="升级后按新版本重建汇总表 (rebuild the marts after an upgrade)")
    r.add_argument("--db", type=Path, default=None, help="数据库路径，默认 ALLIANCE_DB 或 data/alliance.duckdb")
    r.add_argument("--if-stale", action="store_true", help="汇总表已是当前版本时什么也不做 (only when stale)")
    d = sub.add_parser("demo", help="生成演示数据 (write a demo input set)")
    d.add_argument("--out", required=True, type=Path)
    d.add_argument("--scale", choices=("county", "province"), default="county")
    d.add_argument("--seed", type=int, default=7)
    users.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; exit code 0 = done / clean, 1 = rejected rows or refused load, 2 = unusable input."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "template":
            from etl.template import write_template
            path = write_template(args.out)
            print(f"已生成导入模板 (template written): {path}")
            return 0
        if args.command == "demo":
            from demo import write_demo
            files = write_demo(args.out, args.scale, args.seed)
            print(f"已生成演示数据 {len(files)} 个文件 (demo files written) → {args.out}")
            return 0
        if args.command == "users":
            return users.command(args)
        from etl.load import check, load, marts_stale, rebuild
        if args.command == "rebuild":
            if args.if_stale and not marts_stale(args.db):
                print("汇总表已是当前版本 (marts up to date)")
                return 0
            report = rebuild(args.db)
            print(f"已重建汇总表 (marts rebuilt) load_id={report.load_id} → {report.db_file}")
            return 0
        if args.command == "check":
            report = check(args.inputs, args.db, args.hidden)
        else:
            report = load(args.inputs, args.db, args.allow_rejects, args.replace_school_results, args.hidden)
        print(report.format())
        return 0 if report.ok else 1
    except EtlError as e:
        print(f"错误 (error): {e}", file=sys.stderr)
        return 2
