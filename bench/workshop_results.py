"""Workshop results server time (p50/p95): one workshop's results and a curriculum's results across 80 workshops,
and saving one answer, against the workshop page in the same run.

Run: nice .venv/bin/python bench/workshop_results.py [--requests 100] [--participants 2500] [--workshops 80] [--rebuild]

Production settings (DEBUG off, the local-memory cache as without CACHE_URL) on a SQLite file cached under
.cache/bench/ (rebuilt when any app's migrations change, or with --rebuild). One 20-question curriculum (five
objectives) is used by --workshops workshops with --participants participants in all (from Thailand, Laos, Viet Nam
and Cambodia), each of whom handed in a pre-test and a post-test with synthetic answers (pre around 55 %, post
around 85 %, two items that never improve). A facilitator of every workshop reads the results; a partner agency's
reader reads ten workshops. Server time is measured by calling the WSGI handler in-process (the full middleware
stack, no network). Budget on 2 cores: results p95 <= 100 ms; saving one answer p95 <= 30 ms.

"cold" rows renew every workshop's results token before each request, so the cross-workshop page recomputes all
80 summaries (the worst case); "one workshop's token renewed" is the first request after one attempt is handed in
(that workshop's summary recomputed, the 80 workshops' arrays added up again: across.py); the other rows read the
aggregate cached under the tokens. To compare with another commit, run this script from a `git worktree` of it
on the same database (BENCH_CACHE), alternating.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    CACHE,
    InProcessClient,
    manage,
    percentile,
    print_table,
    setup_django,
    source_fingerprint,
    time_requests,
    wsgi_app,
)

COUNTRIES = ("TH", "LA", "VN", "KH")
OBJECTIVES = ("Palermo Protocol definition", "Victim identification", "Referral", "Document fraud", "Interviewing")
FLAT = (7, 15)  # items that do not improve
TRAINER = "bench-trainer@bench.invalid"
PARTNER = "bench-partner@bench.invalid"
TAKER = "bench-taker@bench.invalid"


def build(database: Path, participants: int, workshops: int) -> None:
    """Create a migrated database holding the curriculum, the workshops, their cohorts and answered tests."""
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists():
        database.unlink()
    manage(database, "migrate", "--no-input", "-v0")
    manage(database, "collectstatic", "--no-input", "-v0")  # production templates need the static manifest
    setup_django(database)
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Member, MemberStatus
    from accounts.roles import create_member
    from library.models import Country
    from tests.factories.workshops import create_curriculum, create_question, create_workshop
    from workshops.models import Answer, Attempt, KnowledgeTest, ResultsViewer, TestItem

    rng = random.Random(13)
    User = get_user_model()
    UNUSABLE = make_password(None)
    trainer = create_member(TRAINER, role="officer", country_code="TH", two_factor=True)
    partner = create_member(PARTNER, role="officer", country_code="LA", two_factor=True)
    taker = create_member(TAKER, role="participant", country_code="TH")
    curriculum = create_curriculum(name="Bench curriculum", objectives=OBJECTIVES)
    objectives = list(curriculum.objectives.order_by("sort_order"))
    questions = [
        create_question(
            curriculum,
            objective=objectives[index // 4],
            text=f"Bench question {index + 1}",
            choices=[("Right", True), ("Wrong", False), ("Also wrong", False)],
            sort_order=index,
        )
        for index in range(20)
    ]
    right = {q.pk: q.choices.get(is_correct=True).pk for q in questions}
    countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRIES)}
    start = datetime.date(2024, 1, 8)
    per_workshop = [participants // workshops + (1 if i < participants % workshops else 0) for i in range(workshops)]
    now = timezone.now()
    for number, size in enumerate(per_workshop):
        country = COUNTRIES[number % len(COUNTRIES)]
        day = start + datetime.timedelta(days=9 * number)
        with transaction.atomic():
            workshop = create_workshop(
                title=f"Bench workshop {number + 1}",
                slug=f"bench-workshop-{number + 1}",
                country=country,
                start_date=day,
                curriculum=curriculum,
                facilitators=[trainer],
                partner_agencies="Partner agency",
            )
            if number < 10:
                ResultsViewer.objects.create(workshop=workshop, user=partner, agency="Partner agency")
            people = User.objects.bulk_create(
                User(
                    username=f"bench-p{number}-{i}@bench.invalid",
                    email=f"bench-p{number}-{i}@bench.invalid",
                    password=UNUSABLE,
                )  # fmt: skip
                for i in range(size)
            )
            # Mostly the workshop's own country, some from its neighbours.
            codes = [country if rng.random() < 0.7 else rng.choice(COUNTRIES) for _ in people]
            Member.objects.bulk_create(
                Member(user=u, country=countries[code], status=MemberStatus.APPROVED)
                for u, code in zip(people, codes, strict=True)
            )
            User.groups.through.objects.bulk_create(
                User.groups.through(user_id=u.pk, group_id=workshop.cohort_id) for u in people
            )
            for phase, base in (("pre", 0.55), ("post", 0.85)):
                test = KnowledgeTest.objects.create(workshop=workshop, phase=phase, state="closed", closed_at=now)
                TestItem.objects.bulk_create(
                    TestItem(test=test, question=q, position=i) for i, q in enumerate(questions)
                )
                attempts = Attempt.objects.bulk_create(Attempt(test=test, user=u, finished_at=now) for u in people)
                answers = []
                for attempt in attempts:
                    ability = rng.gauss(0, 0.12)
                    for index, q in enumerate(questions):
                        p = (0.35 if index in FLAT else base) + ability + (index % 5 - 2) * 0.04
                        correct = rng.random() < p
                        answers.append(Answer(attempt=attempt, question=q, correct=correct, language="th"))
                Answer.objects.bulk_create(answers, batch_size=2000)
    # One open workshop where a participant is half-way through the pre-test: the "save one answer" target.
    with transaction.atomic():
        workshop = create_workshop(title="Bench open workshop", slug="bench-open", curriculum=curriculum,
                                   facilitators=[trainer])  # fmt: skip
        taker.groups.add(workshop.cohort)
        test = KnowledgeTest.objects.create(workshop=workshop, phase="pre", state="open", opened_at=now)
        TestItem.objects.bulk_create(TestItem(test=test, question=q, position=i) for i, q in enumerate(questions))
        Attempt.objects.create(test=test, user=taker)
    (database.parent / (database.name + ".ok")).write_text(f"{participants} {workshops} {right}")


def cookies_for(email):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(email=email))
    return client, "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def time_cold(get, url, requests, workshop_ids):
    """Return p50/p95 ms of a GET made right after renewing every workshop's results token."""
    from workshops.models import ResultsVersion

    samples, cpu = [], []
    for _ in range(requests):
        ResultsVersion.bump(workshop_ids)
        start, start_cpu = time.perf_counter(), time.process_time()
        status, _headers, body = get(url)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert status == 200, (url, status)
    return {"p50": percentile(samples, 50), "p95": percentile(samples, 95), "cpu_p50": percentile(cpu, 50),
            "cpu_p95": percentile(cpu, 95), "bytes": len(body)}  # fmt: skip


def time_answers(client, workshop, questions, requests):
    """Return p50/p95 ms of POSTing one answer (the server saves it and redirects to the next question), and where
    the wall time goes: the SQL statements (wall time inside SQLite, through connection.execute_wrapper) and the
    commits (wall time of the database commit, which under WAL with synchronous=NORMAL writes no fsync)."""
    from django.db import connection

    samples, cpu = [], []
    spent = {"statements": 0, "sql": 0.0, "commits": 0, "commit": 0.0}

    def statement(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["statements"] += 1
            spent["sql"] += time.perf_counter() - began

    choices = {q.pk: list(q.choices.values_list("pk", flat=True)) for q in questions}
    rng = random.Random(5)
    connection.ensure_connection()
    commit = connection.commit

    def timed_commit():
        began = time.perf_counter()
        try:
            return commit()
        finally:
            spent["commits"] += 1
            spent["commit"] += time.perf_counter() - began

    def post(index):
        number = index % len(questions) + 1
        url = f"/workshops/{workshop.pk}/tests/pre/{number}/"
        response = client.post(url, {"q-answer": str(rng.choice(choices[questions[number - 1].pk]))})
        assert response.status_code == 302, (url, response.status_code)

    for index in range(requests + 10):
        start, start_cpu = time.perf_counter(), time.process_time()
        post(index)
        if index >= 10:
            samples.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    # Then the same requests again, with the statements and commits timed (apart: timing them costs a little).
    connection.commit = timed_commit  # this bench's connection only
    with connection.execute_wrapper(statement):
        for index in range(requests):
            post(index)
    del connection.commit
    return {"p50": percentile(samples, 50), "p95": percentile(samples, 95), "mean": statistics.fmean(samples),
            "cpu_p50": percentile(cpu, 50), "cpu_p95": percentile(cpu, 95),
            "statements": spent["statements"] / requests, "sql_ms": spent["sql"] * 1000 / requests,
            "commits": spent["commits"] / requests, "commit_ms": spent["commit"] * 1000 / requests}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--participants", type=int, default=2500)
    parser.add_argument("--workshops", type=int, default=80)
    parser.add_argument("--cold", type=int, default=10, help="requests with every results token renewed")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build the database, measure nothing")
    args = parser.parse_args()

    fingerprint = source_fingerprint("*/migrations/*.py")
    database = CACHE / "workshops" / f"results-{fingerprint}-{args.participants}-{args.workshops}.sqlite3"
    ready = database.parent / (database.name + ".ok")
    if args.rebuild or not ready.exists():
        print(f"Building {database} ({args.participants} participants, {args.workshops} workshops)…", flush=True)
        began = time.perf_counter()
        build(database, args.participants, args.workshops)
        print(f"built in {time.perf_counter() - began:.0f} s", flush=True)
    else:
        manage(database, "collectstatic", "--no-input", "-v0")  # production templates need the static manifest
        setup_django(database)
    if args.build_only:
        return

    from workshops.models import Answer, Curriculum, Question, WorkshopPage

    curriculum = Curriculum.objects.get(name="Bench curriculum")
    workshops = list(WorkshopPage.objects.filter(curriculum=curriculum).exclude(slug="bench-open").order_by("pk"))
    open_workshop = WorkshopPage.objects.get(slug="bench-open")
    questions = list(Question.objects.filter(curriculum=curriculum).order_by("sort_order"))
    application = wsgi_app()
    _trainer, trainer_cookies = cookies_for(TRAINER)
    _partner, partner_cookies = cookies_for(PARTNER)
    taker_client, taker_cookies = cookies_for(TAKER)
    trainer = InProcessClient(application, cookies=trainer_cookies)
    partner = InProcessClient(application, cookies=partner_cookies)
    first = workshops[0]
    cross = f"/workshops/curricula/{curriculum.pk}/results/"
    urls = [
        ("baseline: workshop page (trainer)", trainer, first.url),
        ("workshop results (trainer)", trainer, f"/workshops/{first.pk}/results/"),
        ("workshop results CSV (trainer)", trainer, f"/workshops/{first.pk}/results.csv"),
        (f"across {len(workshops)} workshops (trainer)", trainer, cross),
        ("across 10 workshops (partner reader)", partner, cross),
        ("one question over time (trainer)", trainer, f"{cross}question/{questions[0].pk}/"),
        ("across workshops CSV (trainer)", trainer, f"{cross[:-1]}.csv"),
    ]
    load_before = os.getloadavg()
    rows = []
    for label, client, url in urls:
        result = time_requests(client.get, url, args.requests)
        assert result["status"] == 200, (url, result["status"])
        rows.append([label, result["p50"], result["p95"], result["cpu_p50"], result["cpu_p95"], result["bytes"]])
    cold = time_cold(trainer.get, cross, args.cold, [w.pk for w in workshops])
    rows.append([f"across {len(workshops)} workshops, cold (trainer)", cold["p50"], cold["p95"], cold["cpu_p50"],
                 cold["cpu_p95"], cold["bytes"]])  # fmt: skip
    one_changed = time_cold(trainer.get, cross, args.cold, [workshops[len(workshops) // 2].pk])
    rows.append([f"across {len(workshops)} workshops, one workshop's token renewed", one_changed["p50"],
                 one_changed["p95"], one_changed["cpu_p50"], one_changed["cpu_p95"], one_changed["bytes"]])  # fmt: skip
    cold_one = time_cold(trainer.get, f"/workshops/{first.pk}/results/", args.cold, [first.pk])
    rows.append(["workshop results, token renewed (trainer)", cold_one["p50"], cold_one["p95"], cold_one["cpu_p50"],
                 cold_one["cpu_p95"], cold_one["bytes"]])  # fmt: skip
    print_table(
        ["page", "p50 ms", "p95 ms", "cpu p50 ms", "cpu p95 ms", "bytes"],
        [[r[0], f"{r[1]:.1f}", f"{r[2]:.1f}", f"{r[3]:.1f}", f"{r[4]:.1f}", r[5]] for r in rows],
        title=(
            f"Workshop results, {args.requests} requests each ({args.cold} cold); "
            f"{len(workshops)} workshops, {Answer.objects.count():,} answers"
        ),
    )
    answer = time_answers(taker_client, open_workshop, questions, args.requests)
    page = time_requests(
        InProcessClient(application, cookies=taker_cookies).get,
        f"/workshops/{open_workshop.pk}/tests/pre/1/",
        args.requests,
    )
    print_table(
        ["request", "p50 ms", "p95 ms", "cpu p50 ms", "cpu p95 ms"],
        [
            [
                "baseline: GET one question page",
                f"{page['p50']:.1f}",
                f"{page['p95']:.1f}",
                f"{page['cpu_p50']:.1f}",
                f"{page['cpu_p95']:.1f}",
            ],
            [
                "POST one answer (save + redirect)",
                f"{answer['p50']:.1f}",
                f"{answer['p95']:.1f}",
                f"{answer['cpu_p50']:.1f}",
                f"{answer['cpu_p95']:.1f}",
            ],
        ],  # fmt: skip
        title=f"Saving one answer, {args.requests} answers (Django test client, full middleware)",
    )
    worst = max(r[2] for r in rows[1:7])
    worst_cpu = max(r[4] for r in rows[1:7])
    load_after = os.getloadavg()
    print(
        f"\nResults pages p95 (warm): worst {worst:.1f} ms wall, {worst_cpu:.1f} ms CPU (budget 100 ms); "
        f"cold across-workshops p95 {cold['p95']:.1f} ms wall, {cold['cpu_p95']:.1f} ms CPU"
    )
    print(f"Save one answer p95: {answer['p95']:.1f} ms wall, {answer['cpu_p95']:.1f} ms CPU (budget 30 ms)")
    print(f"Save one answer, per request: {answer['statements']:.1f} SQL statements taking {answer['sql_ms']:.2f} ms "
          f"wall in SQLite, {answer['commits']:.1f} commit taking {answer['commit_ms']:.2f} ms; mean wall "
          f"{answer['mean']:.1f} ms (the rest of wall beyond CPU is waiting for a core)")  # fmt: skip
    print(f"Load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} (2 cores, shared)")  # fmt: skip
    print("Wall time includes waiting for a core: compare it with the CPU figures when the machine is shared.")


if __name__ == "__main__":
    main()
