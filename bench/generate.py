"""A deterministic national data set: the centre, 34 provinces, ~3,300 communes (~25 units per body), one directive
with a plan at every body derived from the level above (20 tasks each, ~1,000,000 task assignments at --scale 1),
two years of progress updates, quarterly duties with submissions (some late, some missing), and bench users.

    python bench/generate.py --scale 0.01                              # SQLite bench/data/national.db
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/generate.py --scale 1

--scale multiplies the communes per province (97 at 1.0, at least 1). Rows are bulk inserted with explicit ids
after the schema is migrated and the demo data loaded; every constraint holds (unique keys, foreign keys,
closure rows). Ids the benchmark needs are written to bench/data/national-<db>.json. Password: matkhau-bench.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tasks_bench import _unit_row, analyze, fresh_database  # noqa: E402
from tracker.core.workdays import effective_due
from tracker import create_app  # noqa: E402
from tracker.core.periods import periods_between  # noqa: E402
from tracker.core.vntext import fold  # noqa: E402
from tracker.extensions import db  # noqa: E402

PASSWORD = "matkhau-bench"
PROVINCES = 34
COMMUNES_PER_PROVINCE = 97
TASKS_PER_PLAN = 20
PROVINCE_UNITS = [  # name pattern, kind; with the locality itself 25 units per province
    ("Tỉnh ủy {p}", "party_committee"), ("Ban Nội chính Tỉnh ủy {p}", "party_board"),
    ("Ban Tổ chức Tỉnh ủy {p}", "party_board"), ("Ban Tuyên giáo và Dân vận Tỉnh ủy {p}", "party_board"),
    ("Ủy ban Kiểm tra Tỉnh ủy {p}", "party_board"), ("Văn phòng Tỉnh ủy {p}", "party_board"),
    ("Hội đồng nhân dân tỉnh {p}", "people_council"), ("Ủy ban nhân dân tỉnh {p}", "people_committee"),
    ("Văn phòng Ủy ban nhân dân tỉnh {p}", "agency"), ("Thanh tra tỉnh {p}", "inspectorate"),
    ("Ban Tiếp công dân tỉnh {p}", "agency"), ("Sở Tư pháp {p}", "agency"), ("Sở Nội vụ {p}", "agency"),
    ("Sở Tài chính {p}", "agency"), ("Sở Xây dựng {p}", "agency"), ("Sở Nông nghiệp và Môi trường {p}", "agency"),
    ("Sở Giáo dục và Đào tạo {p}", "agency"), ("Sở Y tế {p}", "agency"), ("Công an tỉnh {p}", "police"),
    ("Tòa án nhân dân tỉnh {p}", "court"), ("Viện Kiểm sát nhân dân tỉnh {p}", "procuracy"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {p}", "front"), ("Hội Nông dân tỉnh {p}", "mass_org"),
    ("Hội Liên hiệp Phụ nữ tỉnh {p}", "mass_org")]
COMMUNE_UNITS = [
    ("Đảng ủy {c}", "party_committee"), ("Văn phòng Đảng ủy {c}", "party_board"),
    ("Ủy ban Kiểm tra Đảng ủy {c}", "party_board"), ("Ban Xây dựng Đảng {c}", "party_board"),
    ("Hội đồng nhân dân {c}", "people_council"), ("Ủy ban nhân dân {c}", "people_committee"),
    ("Văn phòng HĐND và UBND {c}", "agency"), ("Phòng Kinh tế {c}", "agency"), ("Phòng Văn hóa - Xã hội {c}", "agency"),
    ("Trung tâm Phục vụ hành chính công {c}", "service_center"), ("Trung tâm Dịch vụ sự nghiệp công {c}",
                                                                   "service_center"),
    ("Công an {c}", "police"), ("Ban Chỉ huy Quân sự {c}", "agency"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam {c}", "front"), ("Hội Nông dân {c}", "mass_org"),
    ("Hội Liên hiệp Phụ nữ {c}", "mass_org"), ("Đoàn Thanh niên {c}", "mass_org"), ("Hội Cựu chiến binh {c}",
                                                                                  "mass_org"),
    ("Trạm Y tế {c}", "service_center"), ("Trường Tiểu học {c}", "service_center"),
    ("Trường Trung học cơ sở {c}", "service_center"), ("Trường Mầm non {c}", "service_center"),
    ("Thanh tra nhân dân {c}", "other"), ("Tổ hòa giải {c}", "other")]
TASK_VERBS = ["Tổ chức quán triệt", "Tăng cường", "Rà soát, giải quyết", "Kiểm tra, giám sát", "Tuyên truyền",
              "Nâng cao chất lượng", "Xây dựng, hoàn thiện", "Đôn đốc, theo dõi", "Phối hợp xử lý", "Tổng kết"]
TASK_TOPICS = ["công tác tiếp công dân", "giải quyết khiếu nại, tố cáo", "đơn thư kéo dài, vượt cấp",
               "vụ việc đông người, phức tạp", "trách nhiệm người đứng đầu", "hòa giải ở cơ sở",
               "số hóa hồ sơ tiếp công dân", "kiến nghị, phản ánh của Nhân dân"]
STATUSES = ["done"] * 30 + ["claimed"] * 8 + ["in_progress"] * 37 + ["not_started"] * 15 + ["paused"] * 5 + \
    ["redo"] * 5


SECTIONS = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ, GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN", "IV. CHẾ ĐỘ BÁO CÁO"]


def plan_body(document_id: int, issuer_name: str, number: str, title: str) -> str:
    """A plan's full text as imported plans have it (the seeds are 11–19 KB): its header, four sections of
    numbered paragraphs of the topics above, units and deadlines. Its own random stream (by document id), so the
    rest of the data set is the same with or without bodies."""
    rng = random.Random(document_id)
    lines = [issuer_name.upper(), f"Số: {number}", "", "KẾ HOẠCH", title, ""]
    for section in SECTIONS:
        lines += [f"## {section}", ""]
        for n in range(1, 11):
            topics = ", ".join(rng.sample(TASK_TOPICS, 3))
            lines += [f"{n}. {rng.choice(TASK_VERBS)} {topics}; gắn với trách nhiệm của cấp ủy, chính quyền và người "
                      f"đứng đầu cơ quan, đơn vị trong việc {rng.choice(TASK_TOPICS)}, bảo đảm đúng quy định của "
                      f"pháp luật, kịp thời, không để phát sinh phức tạp về an ninh, trật tự. Thời hạn: "
                      f"{rng.choice(['thường xuyên', 'trong quý II', 'trước ngày 30/6', 'hằng quý'])}.", ""]
    lines += ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    return "\n".join(lines)


class Ids:
    """Explicit ids per table so that rows can refer to each other without reading anything back."""

    def __init__(self, *tables: str) -> None:
        self.next = {t: (db.session.scalar(text(f'SELECT max(id) FROM "{t}"')) or 0) + 1 for t in tables}

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] += 1
        return value


class Generator:
    def __init__(self, scale: float, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.communes = max(1, round(COMMUNES_PER_PROVINCE * scale))
        self.today = today
        self.ids = Ids("unit", "document", "task", "expected_submission", "submission")
        self.rows: dict[str, list[dict]] = {t: [] for t in (
            "unit", "unit_closure", "document", "document_link", "task", "assignment", "task_update",
            "reporting_duty", "duty_owner", "expected_submission", "submission")}
        self.targets: dict = {}

    def unit(self, path: list[int], name: str, kind: str, level: str) -> list[int]:
        uid = self.ids.take("unit")
        self.rows["unit"].append(_unit_row(uid, path[-1] if path else None, name, kind, level))
        full = path + [uid]
        self.rows["unit_closure"].extend({"ancestor_id": a, "descendant_id": uid, "depth": len(full) - 1 - i}
                                         for i, a in enumerate(full))
        return full

    def plan(self, issuer: int, issuer_name: str, number: str, issued_on: date, parent: int) -> int:
        did = self.ids.take("document")
        title = f"Thực hiện Kết luận số 107-KL/TW trên địa bàn ({issuer_name})"
        self.rows["document"].append({
            "id": did, "doc_type": "KH", "issuer_id": issuer, "issuer_name": issuer_name, "title": title,
            "number_text": number, "number": number.split("/")[0], "symbol": number.split("/", 1)[1],
            "number_key": number.upper(), "issued_on": issued_on, "issued_year": issued_on.year,
            "body_md": plan_body(did, issuer_name, number, title), "is_reference": False,
            "search_text": fold(f"{number} {title}")})
        self.rows["document_link"].append({"child_id": did, "parent_id": parent, "relation": "implements"})
        return did

    def task(self, document: int, position: int, implements: int | None, roles: list[tuple[int, str]]) -> int:
        rng, tid = self.rng, self.ids.take("task")
        status = rng.choice(STATUSES)
        due = self.today + timedelta(days=rng.randint(-300, 240))
        claimed = due + timedelta(days=rng.randint(-40, 12)) if status in ("done", "claimed") else None
        self.rows["task"].append({
            "id": tid, "document_id": document, "implements_task_id": implements, "position": position,
            "text": f"{rng.choice(TASK_VERBS)} {rng.choice(TASK_TOPICS)} (nhiệm vụ {position})", "scope": "unit",
            "status": status, "progress": 100 if claimed else rng.randint(0, 90), "due_on": due,
            "effective_due_on": effective_due(due),
            "claimed_on": claimed, "confirmed_on": claimed if status == "done" else None, "version": 1})
        self.rows["assignment"].extend({"task_id": tid, "unit_id": u, "role": r} for u, r in roles)
        for n in range(rng.randint(0, 5)):
            self.rows["task_update"].append({
                "task_id": tid, "unit_id": roles[0][0], "reported_on": self.today - timedelta(days=rng.randint(0, 730)),
                "note_md": f"Báo cáo tiến độ lần {n + 1}: đã triển khai {rng.choice(TASK_TOPICS)}.",
                "progress": rng.randint(0, 100)})
        return tid

    def duty(self, document: int, recipient: int, owners: list[int], title: str) -> None:
        duty_id = len(self.rows["reporting_duty"]) + 1 + self.targets.setdefault("duty_base", 0)
        self.rows["reporting_duty"].append({
            "id": duty_id, "document_id": document, "title": title, "kind": "periodic", "schedule": "quarter",
            "cutoff": "nd09", "due_day": 18, "due_month_offset": 0, "first_year": self.today.year - 1,
            "last_year": self.today.year, "recipient_id": recipient, "owners_mode": "subordinates",
            "remind_before_days": 3, "repeat_every_days": 2, "grace_days": 5, "is_active": True})
        periods = periods_between("quarter", self.today.year - 1, self.today.year, due_day=18)
        for unit in owners:
            self.rows["duty_owner"].append({"duty_id": duty_id, "unit_id": unit})
            for period in periods:
                eid = self.ids.take("expected_submission")
                row = {"id": eid, "duty_id": duty_id, "unit_id": unit, "period_key": period.key,
                       "period_label": period.label, "start_on": period.start_on, "end_on": period.end_on,
                       "due_on": period.due_on, "effective_due_on": effective_due(period.due_on), "versions": 0,
                       "is_reopened": False, "first_submitted_on": None,
                       "last_submitted_at": None, "review_state": None}
                roll = self.rng.random()
                if period.due_on < self.today + timedelta(days=20) and roll < 0.85:
                    on = min(self.today, period.due_on + timedelta(days=self.rng.randint(-12, 3 if roll < 0.6 else 25)))
                    row.update(first_submitted_on=on, last_submitted_at=datetime(on.year, on.month, on.day, 3),
                               versions=1, review_state="accepted" if roll < 0.7 else "pending")
                    self.rows["submission"].append({
                        "id": self.ids.take("submission"), "expected_id": eid, "version": 1,
                        "number_text": f"{self.rng.randint(1, 300)}/BC-UBND", "issued_on": on,
                        "filename": "bao-cao.pdf", "content_type": "application/pdf", "size": 15,
                        "file_id": self.targets["file_id"], "submitted_at": row["last_submitted_at"],
                        "submitted_on": on, "state": row["review_state"]})
                self.rows["expected_submission"].append(row)

    def build(self, root: int, politburo: int, directive: int) -> None:
        rng = self.rng
        central = self.ids.take("document")
        self.rows["document"].append({
            "id": central, "doc_type": "KH", "issuer_id": politburo, "issuer_name": "Bộ Chính trị",
            "title": "Kế hoạch đo tải thực hiện Kết luận số 107-KL/TW", "number_text": "999-KH/TW", "number": "999",
            "symbol": "KH/TW", "number_key": "999-KH/TW", "issued_on": date(2025, 1, 15), "issued_year": 2025,
            "body_md": plan_body(central, "Bộ Chính trị", "999-KH/TW", "Kế hoạch đo tải thực hiện Kết luận số "
                                 "107-KL/TW"), "is_reference": False, "search_text": "ke hoach do tai"})
        self.rows["document_link"].append({"child_id": central, "parent_id": directive, "relation": "implements"})
        province_committees = []
        provinces = []
        for p in range(PROVINCES):
            pname = f"Đo Tải {p:02d}"
            locality = self.unit([root], f"Tỉnh {pname}", "locality", "province")
            units = {kind_name.format(p=pname): self.unit(locality, kind_name.format(p=pname), kind, "province")[-1]
                     for kind_name, kind in PROVINCE_UNITS}
            ubnd = units[f"Ủy ban nhân dân tỉnh {pname}"]
            province_committees.append(ubnd)
            provinces.append((p, pname, locality, units, ubnd))
        central_tasks = [self.task(central, i + 1, None, [(u, "lead") for u in province_committees])
                         for i in range(TASKS_PER_PLAN)]
        self.targets.update(central_plan=central, central_task=central_tasks[0])
        for p, pname, locality, units, ubnd in provinces:
            plan = self.plan(ubnd, f"Ủy ban nhân dân tỉnh {pname}", f"{100 + p}/KH-UBND", date(2025, 3, 1), central)
            agencies = [u for n, u in units.items() if n.startswith(("Sở", "Thanh tra", "Công an", "Ban Tiếp"))]
            commune_ubnds: list[int] = []
            commune_units: list[dict] = []
            for c in range(self.communes):
                cname = f"xã {pname}-{c:03d}"
                clocality = self.unit(locality, f"Xã {pname}-{c:03d}", "locality", "commune")
                cu = {n.format(c=cname): self.unit(clocality, n.format(c=cname), kind, "commune")[-1]
                      for n, kind in COMMUNE_UNITS}
                commune_units.append(cu)
                commune_ubnds.append(cu[f"Ủy ban nhân dân {cname}"])
            ptasks = []
            for i in range(TASKS_PER_PLAN):
                roles = [(rng.choice(agencies), "lead")] + [(u, "coordinate") for u in commune_ubnds]
                ptasks.append(self.task(plan, i + 1, central_tasks[i], roles))
            if p == 0:
                self.targets.update(province_plan=plan, province_task=ptasks[0], province_ubnd=ubnd,
                                    province_monitor_unit=units[f"Ban Nội chính Tỉnh ủy {pname}"],
                                    province_office=units[f"Văn phòng Ủy ban nhân dân tỉnh {pname}"])
            for c, cu in enumerate(commune_units):
                cname = f"xã {pname}-{c:03d}"
                cubnd = cu[f"Ủy ban nhân dân {cname}"]
                cplan = self.plan(cubnd, f"Ủy ban nhân dân {cname}", f"{c + 1}/KH-UBND",
                                  date(2025, 4, 1) + timedelta(days=rng.randint(0, 90)), plan)
                pool = [u for n, u in cu.items() if n != f"Ủy ban nhân dân {cname}"]
                for i in range(TASKS_PER_PLAN):
                    lead = rng.choice(pool)
                    others = rng.sample([u for u in pool if u != lead], rng.randint(5, min(22, len(pool) - 1)))
                    roles = [(lead, "lead")] + [(u, "coordinate") for u in others]
                    tid = self.task(cplan, i + 1, ptasks[i], roles)
                    if p == 0 and c == 0 and i == 0:
                        self.targets.update(commune_plan=cplan, commune_police=cu[f"Công an {cname}"],
                                            commune_office=cu[f"Văn phòng HĐND và UBND {cname}"], commune_task=tid)
            self.duty(plan, ubnd, commune_ubnds, f"UBND các xã tỉnh {pname} báo cáo kết quả hằng quý")
        self.duty(central, root, province_committees, "UBND các tỉnh báo cáo kết quả hằng quý")

    def insert(self) -> dict:
        counts = {}
        for table in ("unit", "unit_closure", "document", "document_link", "task", "assignment", "task_update",
                      "reporting_duty", "duty_owner", "expected_submission", "submission"):
            rows = self.rows[table]
            if table == "task":
                rows.sort(key=lambda r: r["id"])  # implements_task_id points at an earlier task
            model_table = db.metadata.tables[table]
            for start in range(0, len(rows), 10_000):
                db.session.execute(insert(model_table), rows[start:start + 10_000])
            counts[table] = len(rows)
        if db.engine.dialect.name == "postgresql":
            for table in ("unit", "document", "task", "assignment", "task_update", "reporting_duty", "duty_owner",
                          "expected_submission", "submission", "document_link", "unit_closure"):
                if "id" in db.metadata.tables[table].c:
                    db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                            f"(SELECT max(id) FROM {table}))"))
        return counts


def users(targets: dict) -> None:
    from tracker.auth.services import create_user
    from tracker.units.models import Unit

    for username, role, unit_id in (("bench.central", "monitor", targets["central_monitor_unit"]),
                                    ("bench.monitor", "monitor", targets["province_monitor_unit"]),
                                    ("bench.office", "secretariat", targets["province_office"]),
                                    ("bench.commune", "secretariat", targets["commune_office"]),
                                    ("bench.police", "member", targets["commune_police"])):
        create_user(actor=None, username=username, full_name=username, password=PASSWORD, role=role,
                    unit=db.session.get(Unit, unit_id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'national.db'}")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=107)
    args = parser.parse_args()
    started = time.perf_counter()
    fresh_database(args.database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        from tracker.demo import load_demo
        from tracker.duties.models import SubmissionFile
        from tracker.plans.models import Document
        from tracker.units.models import Unit

        upgrade(directory=str(ROOT / "migrations"))
        load_demo()
        db.session.commit()
        today = date(2026, 11, 23)
        gen = Generator(args.scale, args.seed, today)
        gen.targets["duty_base"] = db.session.scalar(text("SELECT max(id) FROM reporting_duty")) or 0
        from tracker.core import storage

        blob = SubmissionFile(sha256=storage.put(db.session, b"%PDF-1.4\n%%EOF\n"))
        db.session.add(blob)
        db.session.flush()
        gen.targets["file_id"] = blob.id
        root = db.session.scalar(select(Unit.id).where(Unit.name == "Trung ương"))
        politburo = db.session.scalar(select(Unit.id).where(Unit.name == "Bộ Chính trị"))
        directive = db.session.scalar(select(Document.id).where(Document.number_text == "107-KL/TW"))
        gen.targets["central_monitor_unit"] = db.session.scalar(select(Unit.id).where(
            Unit.name == "Ban Nội chính Trung ương"))
        built = time.perf_counter()
        gen.build(root, politburo, directive)
        counts = gen.insert()
        users(gen.targets)
        db.session.commit()
        analyze()
        total_units = db.session.scalar(select(func.count(Unit.id)))
        targets = {k: v for k, v in gen.targets.items() if k not in ("duty_base", "file_id")}
        targets.update(scale=args.scale, counts=counts, units=total_units, today=today.isoformat())
        out = ROOT / "bench" / "data" / f"national-{make_url(args.database_url).get_backend_name()}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(targets, indent=1))
    print(f"scale {args.scale}: {total_units:,} units, {counts['task']:,} tasks, {counts['assignment']:,} "
          f"assignments, {counts['task_update']:,} updates, {counts['expected_submission']:,} expected and "
          f"{counts['submission']:,} submitted reports; built in {time.perf_counter() - built:.1f} s, "
          f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
