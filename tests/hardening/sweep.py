"""The adversarial sweep: every route × every demo role with hostile ids and arguments, and every form with
hypothesis-generated values; prints routes × roles tried and the 500s seen.

    .venv/bin/python -m tests.hardening.sweep [--examples 20] [--rounds 2]
"""
from __future__ import annotations

from tests.conftest import rolled_back  # the suite's rolled-back session, reused


def _fresh_g():
    # The sweep keeps one app context pushed; Flask reuses it for the test client's requests: forget per-request
    # caches (CSRF token, current user) as the test suite's app does.
    from flask import g

    for name in list(vars(g)):
        delattr(g, name)


ID_VALUES = ["1", "2", "12", "49", str(2**31 - 1), str(2**31), "9" * 25]
QUERY_VALUES = ["", "\x00", "-1", str(2**31), "9" * 25, "abc", "1.5", "%", "Vị Khê", "\u202eabc", "x" * 3000]


def _urls(rule) -> list[str]:
    """`rule` with every argument filled from ID_VALUES (ints) or a few words (strings and `any`)."""
    from werkzeug.routing import IntegerConverter

    urls = []
    for value in ID_VALUES:
        args = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, IntegerConverter):
                args[name] = value
            elif getattr(converter, "items", None):
                args[name] = sorted(converter.items)[int(value) % len(converter.items) if value.isdigit()
                                                     and len(value) < 5 else 0]
            else:
                args[name] = {"1": "quarter", "2": "once", "12": "2025-Q1"}.get(value, "x\x00y")
        try:
            url = rule.build(args, append_unknown=False)[1]
        except Exception:  # noqa: BLE001 - a rule whose converter refuses the value is not requested
            continue
        urls.append(url)
    return sorted(set(urls))


def sweep(examples: int = 10, rounds: int = 1) -> dict:
    """Every GET/POST rule × every demo role (and anonymous) with hostile ids and query values, then every form
    each role reaches with `examples` hypothesis submissions per form; returns the figures."""
    import tempfile
    from pathlib import Path

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from tests.conftest import ROLE_USERS, database_url, login, make_app, migrate_and_seed
    from tests.hardening.fuzzing import HOSTILE, crawl, csrf_of, review_form
    from tests.hardening.test_fuzz_forms import fuzz_forms
    from werkzeug.datastructures import MultiDict

    app = make_app(database_url(Path(tempfile.mkdtemp()), "_sweep"))
    migrate_and_seed(app)
    app.before_request(_fresh_g)
    # Count 500s as a user would see them (the error page), instead of raising in the test client.
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    figures = {"rules": len(rules), "roles": len(ROLE_USERS) + 1, "requests": 0, "forms": 0, "errors": []}
    roles = [("anonymous", None)] + list(ROLE_USERS.items())
    for _ in range(rounds):
        for role, username in roles:
            with rolled_back(app):
                def fresh():
                    client = app.test_client()
                    if username:
                        login(client, username)
                    return client

                client = fresh()
                token = csrf_of(client, "/" if username else "/login")
                for rule in rules:
                    for url in _urls(rule):
                        for method in sorted(rule.methods & {"GET", "POST"}):
                            @settings(max_examples=2, deadline=None, database=None, phases=[Phase.generate],
                                      suppress_health_check=list(HealthCheck))
                            @given(st.lists(st.tuples(st.sampled_from(["q", "page", "plan", "id", "parent_id",
                                                                       "duty", "status", "period", "field", "next"]),
                                                      st.sampled_from(QUERY_VALUES) | HOSTILE), max_size=4))
                            def hit(args):
                                response = (client.get(url, query_string=MultiDict(args)) if method == "GET" else
                                            client.post(url, data=MultiDict([("csrf_token", token)] + args)))
                                figures["requests"] += 1
                                if response.status_code >= 500:
                                    figures["errors"].append((role, method, url, args, response.status_code))

                            hit()
                    if client.get("/").status_code != 200 and username:
                        client = fresh()
                        token = csrf_of(client, "/")
                if username:
                    _, forms, statuses = crawl(client, limit=60)
                    figures["errors"] += [(role, "GET", p, None, s) for p, s in statuses if s >= 500]
                    figures["requests"] += len(statuses)
                    if role in ("admin", "secretariat"):
                        forms.append(review_form(client))
                    sent, failures = fuzz_forms(client, forms, fresh, examples=examples)
                    figures["forms"] += len(forms)
                    figures["requests"] += sent
                    figures["errors"] += [(role, "POST", a, None, s) for a, s, _ in failures]
    return figures


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=10, help="hypothesis submissions per form")
    parser.add_argument("--rounds", type=int, default=1)
    options = parser.parse_args()
    started = time.monotonic()
    result = sweep(options.examples, options.rounds)
    print(f"rules {result['rules']} × roles {result['roles']} (anonymous + 5 demo roles), "
          f"forms fuzzed {result['forms']}, requests {result['requests']}, 500s {len(result['errors'])}, "
          f"{time.monotonic() - started:.0f} s")
    for error in result["errors"][:20]:
        print("  ", error)
