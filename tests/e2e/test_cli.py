"""The commands a facilitator types: serve's printout, event create, formats check."""
import json
import shutil

from live_server import ROOT, dashboard, palabre_cli


def test_event_create_prints_code_and_links(tmp_path):
    db = tmp_path / "cli.db"
    out = palabre_cli("event", "create", "Atelier de Douala", "--lang", "en", "--db", str(db),
                      "--public-url", "http://10.0.0.5:5000", "--json")
    created = json.loads(out.stdout)
    assert len(created["code"]) == 6 and created["lang"] == "en"
    assert created["join"] == f"http://10.0.0.5:5000/j/{created['code']}"
    assert created["facilitator"].startswith("http://10.0.0.5:5000/f/")
    text = palabre_cli("event", "create", "Deuxième", "--db", str(db)).stdout
    assert "Join code:" in text and "/j/" in text and "/f/" in text


def test_serve_prints_links_and_a_terminal_qr(make_server):
    server = make_server("serve.db", extra_args=("--demo",))
    printed = server.log.read_text()
    assert "Facilitator (keep it to yourself): http://127.0.0.1:" in printed
    assert "Join: http://127.0.0.1:" in printed and "Projector:" in printed
    assert "█" in printed  # the QR drawn in the terminal
    code = printed.split("/j/")[1][:6]
    event = {"code": code, "facilitator": printed.split("keep it to yourself): ")[1].split()[0]}
    dash = dashboard(server, event)
    titles = [a["title"] for a in dash.snapshot["agenda"]["activities"]]
    assert any("Knowledge Jam" in t for t in titles)
    assert len(dash.snapshot["contributions"]) >= 6


def test_formats_check(tmp_path):
    assert palabre_cli("formats", "check").returncode == 0
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "Broken Id"\n[label]\nfr = "x"\n', encoding="utf-8")
    result = palabre_cli("formats", "check", str(broken), check=False)
    assert result.returncode == 1
    assert "broken.toml" in result.stderr and "id" in result.stderr


def test_user_formats_dir_adds_a_format(tmp_path, make_server):
    folder = tmp_path / "mine"
    folder.mkdir()
    source = (ROOT / "formats" / "brainstorm.toml").read_text(encoding="utf-8")
    (folder / "tree-talk.toml").write_text(source.replace('id = "brainstorm"', 'id = "tree-talk"', 1),
                                           encoding="utf-8")
    server = make_server("formats.db", extra_args=("--formats-dir", str(folder)))
    event = server.create_event()
    dash = dashboard(server, event)
    assert "tree-talk" in {f["id"] for f in dash.snapshot["formats"]}
    assert dash.call("agenda:add", {"format_id": "tree-talk"})["ok"]


def test_a_broken_user_format_stops_the_start_with_its_error(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    shutil.copy(ROOT / "formats" / "qna.toml", folder / "qna2.toml")
    (folder / "qna2.toml").write_text((folder / "qna2.toml").read_text().replace("kinds = [\"question\"]",
                                                                                  "kinds = [\"poem\"]"))
    result = palabre_cli("serve", "--port", "0", "--db", str(tmp_path / "x.db"),
                         "--formats-dir", str(folder), check=False)
    assert result.returncode != 0
    assert "qna2.toml" in result.stderr and "kinds" in result.stderr


def test_export_writes_each_format_and_refuses_clearly(tmp_path):
    db = str(tmp_path / "x.db")
    made = json.loads(palabre_cli("event", "create", "Atelier export", "--db", db, "--json").stdout)
    code = made["code"]
    out = tmp_path / "r.md"
    done = palabre_cli("export", code, "--format", "md", "--db", db, "--out", str(out))
    assert out.read_text(encoding="utf-8").startswith("# Atelier export")
    assert f"Wrote {out}" in done.stderr
    csv_out = palabre_cli("export", code, "--format", "csv", "--sep", ";", "--db", db, "--out", "-")
    assert csv_out.stdout.startswith("\ufeffN°;Type;Texte")
    groups = palabre_cli("export", code, "--format", "pdf", "--group", "G1", "--db", db, check=False)
    assert groups.returncode == 1 and "No group has this name: G1." in groups.stderr
    unknown = palabre_cli("export", "ZZZZZZ", "--format", "md", "--db", db, check=False)
    assert unknown.returncode == 1 and "No workshop has the code" in unknown.stderr
    bad = palabre_cli("export", code, "--format", "odt", "--db", db, check=False)
    assert bad.returncode == 2
    activity = palabre_cli("export", code, "--format", "md", "--activity", "9", "--db", db, check=False)
    assert activity.returncode == 1 and "Item not found." in activity.stderr
