"""Imports a StanceMap .qdpx export into QualCoder, headless, and counts what QualCoder made of it.

Run by packaging/qualcoder_check.sh (which fetches QualCoder and PyQt6); not part of `cargo test`.

QualCoder's File > Import REFI-QDA project is `qualcoder.refi.RefiImport` working on the project's
SQLite database. This script runs that class itself, unchanged, with QualCoder's own database schema
(the CREATE TABLE statements of `MainWindow.new_project`, read from QualCoder's source) and a small
stand-in for QualCoder's `App` (the database connection, the project folder and the settings the
importer reads). Dialogs are answered in code: the file dialog returns the .qdpx, message boxes are
printed. Everything QualCoder's importer does to the database is its own code.

Usage: python qualcoder_check.py QUALCODER_SOURCE_DIR FILE.qdpx
Prints QualCoder's counts beside the file's own, and whether every coded text QualCoder stored is
the source's text at the coding's offsets. Exits 1 when a count or a quote disagrees.
"""

import ast
import builtins
import sqlite3
import sys
import tempfile
import types
import zipfile
from pathlib import Path


def qualcoder_schema(main_py: Path) -> list[str]:
    """The CREATE TABLE statements in QualCoder's MainWindow.new_project, in order."""
    tree = ast.parse(main_py.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "new_project":
            statements = []
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "execute"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                    and isinstance(call.args[0].value, str)
                    and call.args[0].value.lstrip().upper().startswith("CREATE TABLE")
                ):
                    statements.append(call.args[0].value)
            # ast.walk is breadth-first; keep the statements in source order.
            statements.sort(key=lambda sql: main_py.read_text(encoding="utf-8").find(sql[:60]))
            return statements
    raise SystemExit(f"{main_py}: no MainWindow.new_project (QualCoder changed its layout)")


def expected_counts(qdpx: Path) -> dict[str, int]:
    """What the file holds: text sources, codable codes, and codings of text selections — counted
    as QualCoder keeps them, once per code, source, span and coder (its code_text table is unique
    on those; the same code on the same words twice is one coding there)."""
    import xml.etree.ElementTree as etree

    with zipfile.ZipFile(qdpx) as archive:
        name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
        root = etree.fromstring(archive.read(name))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    sources = root.findall("q:Sources/q:TextSource", ns)
    codings = set()
    every = 0
    for source in sources:
        for selection in source.findall("q:PlainTextSelection", ns):
            for coding in selection.findall("q:Coding", ns):
                every += 1
                code = coding.find("q:CodeRef", ns).get("targetGUID")
                user = coding.get("creatingUser") or selection.get("creatingUser")
                span = (selection.get("startPosition"), selection.get("endPosition"))
                codings.add((source.get("guid"), code, span, user))
    return {
        "text sources": len(sources),
        "codes": len(root.findall(".//q:Code[@isCodable='true']", ns)),
        "text codings": len(codings),
        "codings in the file": every,
    }


def main() -> int:
    source_dir, qdpx = Path(sys.argv[1]), Path(sys.argv[2]).resolve()
    sys.path.insert(0, str(source_dir / "src"))
    builtins._ = lambda text: text
    # refi.py takes only Message from helpers, which would pull in PyMuPDF, Pillow and VLC.
    helpers = types.ModuleType("qualcoder.helpers")

    class Message:
        def __init__(self, _app, title, text="", *_rest):
            self.title, self.text = title, text

        def exec(self):
            first_line = str(self.text).strip().splitlines()[0] if str(self.text).strip() else ""
            print(f"  QualCoder says: {self.title}: {first_line}")
            return 0

    helpers.Message = Message
    sys.modules["qualcoder.helpers"] = helpers

    from PyQt6 import QtWidgets

    qt = QtWidgets.QApplication([])
    QtWidgets.QFileDialog.getOpenFileName = staticmethod(lambda *args, **kwargs: (str(qdpx), "(*.qdpx)"))
    import qualcoder.refi as refi

    work = Path(tempfile.mkdtemp(prefix="qualcoder-check-"))
    project = work / "check.qda"
    for folder in ["images", "audio", "video", "documents"]:
        (project / folder).mkdir(parents=True)
    conn = sqlite3.connect(project / "data.qda")
    for sql in qualcoder_schema(source_dir / "src" / "qualcoder" / "__main__.py"):
        conn.execute(sql)
    conn.execute(
        "INSERT INTO project VALUES(?,?,?,?,?,?,?,?,null,null,null)",
        ("v17", "2026-01-01 00:00:00", "", "check", 0, 0, "default", ""),
    )
    conn.commit()

    class App:
        """The part of QualCoder's App the importer reads."""

        def __init__(self):
            self.conn = conn
            self.project_path = str(project)
            self.project_name = project.name
            self.settings = {"codername": "default", "directory": str(work), "ai_enable": "False"}
            self.version = "check"
            self.project_events = None
            self.ai_models = []
            self.ai = None

        def write_config_ini(self, *_args):
            pass

        def get_annotations(self):
            return []

    log = QtWidgets.QTextEdit()
    refi.RefiImport(App(), log, "qdpx")
    conn.commit()

    found = {
        "text sources": conn.execute("SELECT count(*) FROM source WHERE fulltext IS NOT NULL").fetchone()[0],
        "codes": conn.execute("SELECT count(*) FROM code_name").fetchone()[0],
        "text codings": conn.execute("SELECT count(*) FROM code_text").fetchone()[0],
    }
    expected = expected_counts(qdpx)
    ok = True
    print(f"QualCoder ({source_dir.name}) imported {qdpx.name}:")
    print(f"  (the file has {expected['codings in the file']} codings; the same code on the same words by the same coder is one in QualCoder)")
    for what, count in found.items():
        mark = "ok" if count == expected[what] else "DIFFERENT"
        ok &= count == expected[what]
        print(f"  {what}: {count} (the file holds {expected[what]}) {mark}")
    # QualCoder counts offsets in Python string indices (code points), as REFI-QDA does.
    rows = conn.execute(
        "SELECT code_text.seltext, code_text.pos0, code_text.pos1, source.fulltext "
        "FROM code_text JOIN source ON source.id = code_text.fid"
    ).fetchall()
    cut = sum(1 for seltext, pos0, pos1, fulltext in rows if fulltext[pos0:pos1] == seltext)
    print(f"  coded texts equal to the source's text at their offsets: {cut} of {len(rows)}")
    ok &= cut == len(rows)
    owners = conn.execute("SELECT owner, count(*) FROM code_text GROUP BY owner ORDER BY owner").fetchall()
    print("  codings per coder: " + ", ".join(f"{owner} {count}" for owner, count in owners))
    qt.quit()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
