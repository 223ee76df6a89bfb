"""The locust users of ``bench.load`` (run by it in a process of its own).

    .venv/bin/python -m bench.locustfile PLAN.json RESULT.json

``PLAN.json`` names the server, the run's fixture (``bench.load.Fixture``), the readers,
spawn rate and duration; ``RESULT.json`` receives the statistics per request kind and what
got a success (ballots by voter, comment bodies, the last answer note of each reader).
Everyone logs in through the real login form with its CSRF token.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task
from locust.clients import HttpSession
from locust.env import Environment

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
PASSWORD = "bench-password-2026"  # bench.generate.PASSWORD (not imported: no Flask here)
BURST_SECONDS = 10

plan: dict = {}
outcome: dict = {"ballots": [], "comments": [], "rsvps": {}, "server_errors": 0,
                 "burst": {}}
_accounts: list[str] = []
_counter = iter(range(1, 10**9))


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise ValueError("no csrf_token in the page")
    return found.group(1) or found.group(2)


def log_in(client, email: str, name: str = "/login") -> None:
    page = client.get("/login", name=name)
    response = client.post("/login", name=name, allow_redirects=False, data={
        "csrf_token": csrf_token(page.text), "email": email, "password": PASSWORD})
    if response.status_code != 303:
        raise RuntimeError(f"login of {email}: status {response.status_code}")


@events.request.add_listener
def _count_server_errors(response=None, exception=None, **_kwargs):
    if response is not None and getattr(response, "status_code", 0) >= 500:
        outcome["server_errors"] += 1


class Anonymous(HttpUser):
    weight = 2
    wait_time = between(0.5, 2)

    def on_start(self):
        self.etags: dict[str, str] = {}

    def poll(self, path: str, name: str):
        headers = {"If-None-Match": self.etags[path]} if path in self.etags else {}
        with self.client.get(path, name=name, headers=headers, catch_response=True) as response:
            if response.status_code in (200, 304):
                self.etags[path] = response.headers.get("ETag", self.etags.get(path, ""))
                response.success()

    @task(4)
    def home(self):
        self.client.get("/", name="anonymous /")

    @task(2)
    def seminars(self):
        self.client.get("/seminars/", name="anonymous /seminars/")

    @task(3)
    def public_feed(self):
        self.poll("/calendar/public.ics", "anonymous /calendar/public.ics")


class Reader(HttpUser):
    """The pages a logged-in reader visits."""

    abstract = True
    wait_time = between(0.5, 2)
    dashboard_name = "member / (dashboard)"

    def on_start(self):
        self.email = self.account()
        if self.email is None:
            self.stop()
            return
        log_in(self.client, self.email)
        self.etags: dict[str, str] = {}
        self.meeting = plan["fixture"]["meeting_id"]

    def account(self) -> str | None:
        return _accounts.pop() if _accounts else None

    def page(self, path: str, name: str):
        return self.client.get(path, name=name)

    @task(6)
    def dashboard(self):
        self.page("/", self.dashboard_name)

    @task(3)
    def meetings(self):
        self.page("/meetings/", "/meetings/")

    @task(4)
    def meeting(self):
        self.page(f"/meetings/{self.meeting}", "/meetings/[id]")

    @task(2)
    def meeting_ics(self):
        path = f"/meetings/{self.meeting}.ics"
        headers = {"If-None-Match": self.etags[path]} if path in self.etags else {}
        with self.client.get(path, name="/meetings/[id].ics", headers=headers,
                             catch_response=True) as response:
            if response.status_code in (200, 304):
                self.etags[path] = response.headers.get("ETag", self.etags.get(path, ""))
                response.success()

    @task(3)
    def proposals(self):
        self.page("/proposals/", "/proposals/")

    @task(4)
    def proposal(self):
        self.page(f"/proposals/{random.choice(plan['fixture']['proposals'])}",
                  "/proposals/[id]")

    @task(2)
    def directory(self):
        self.page("/directory/", "/directory/")


class Member(Reader):
    """A network member: 9 in 10 requests are reads, then comments and invitation answers."""

    weight = 8

    @task(2)
    def comment(self):
        proposal = random.choice(plan["fixture"]["proposals"])
        page = self.client.get(f"/proposals/{proposal}", name="/proposals/[id]")
        body = (f"Commento di prova del carico [{plan['fixture']['run']}] "
                f"numero {next(_counter)}: tirocini e orientamento.")
        with self.client.post(f"/proposals/{proposal}/comments", name="comment",
                              data={"csrf_token": csrf_token(page.text), "body": body},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code == 303:
                outcome["comments"].append(body)
                response.success()
            else:
                response.failure(f"status {response.status_code}")

    @task(1)
    def rsvp(self):
        page = self.client.get(f"/meetings/{self.meeting}", name="/meetings/[id]")
        note = f"carico {plan['fixture']['run']} {next(_counter)}"
        # Refused or not, the answer comes back as a 303 to the meeting: its notice says which.
        response = self.client.post(f"/meetings/{self.meeting}/rsvp", name="rsvp", data={
            "csrf_token": csrf_token(page.text), "answer": random.choice(
                ["yes", "no", "maybe"]), "delegate": "", "note": note}, allow_redirects=False)
        if response.status_code == 303:
            with self.client.get(response.headers["Location"], name="/meetings/[id]",
                                 catch_response=True) as shown:
                if "Risposta registrata" in shown.text:
                    outcome["rsvps"][self.email] = note
                else:
                    shown.failure("answer not recorded")


class Coordinator(Reader):
    """One coordinator reading (their dashboard has more blocks)."""

    fixed_count = 1
    dashboard_name = "coordinator / (dashboard)"

    def account(self) -> str:
        return plan["fixture"]["coordinator"]


def voter(env: Environment, email: str, ready: list, go: Event) -> None:
    """Log in now, open the ballot, then cast it within ``BURST_SECONDS`` of ``go``."""
    client = HttpSession(plan["base"], request_event=env.events.request, user=None)
    fixture = plan["fixture"]
    try:
        log_in(client, email, name="voter /login (before)")
        page = client.get(f"/rounds/{fixture['round_id']}", name="voter /rounds/[id] (before)")
        token = csrf_token(page.text)
    except Exception as error:  # reported in the statistics already, or here
        print(f"voter {email} could not get to the ballot: {error}", file=sys.stderr)
        return
    ready.append(email)
    go.wait()
    gevent.sleep(random.uniform(0, BURST_SECONDS))
    chosen = random.sample(fixture["candidates"], 3)
    data = {"csrf_token": token, **{f"voto-{p}": "1" for p in chosen}}
    with client.post(f"/rounds/{fixture['round_id']}/ballot", name="ballot", data=data,
                     allow_redirects=False, catch_response=True) as response:
        if response.status_code == 303:
            outcome["ballots"].append(email)
            outcome["burst"]["last"] = time.monotonic()
            response.success()
        else:
            response.failure(f"status {response.status_code}")


def run(plan_: dict) -> dict:
    plan.update(plan_)
    fixture = plan["fixture"]
    _accounts.extend(fixture["readers"])
    env = Environment(user_classes=[Member, Anonymous, Coordinator], host=plan["base"],
                      events=events, stop_timeout=30)
    runner = env.create_local_runner()
    # First the voters log in and open the ballot (argon2 makes 200 logins take a while on
    # a small machine: they would otherwise crowd out everything else); then the readers
    # run for ``duration`` seconds, and a third of the way in the voters all cast their
    # ballots within the same 10 s.
    ready: list[str] = []
    go = Event()
    logins = time.monotonic()
    voters = [gevent.spawn(voter, env, email, ready, go) for email in fixture["voters"]]
    while len(ready) < len(voters) and not all(v.dead for v in voters) \
            and time.monotonic() < logins + 300:
        gevent.sleep(0.2)
    started = time.monotonic()
    outcome["burst"] = {"ready": len(ready), "logins": started - logins}
    runner.start(plan["users"] + 1, spawn_rate=plan["spawn_rate"])
    duration = plan["duration"]
    gevent.sleep(duration / 3)
    outcome["burst"]["start"] = time.monotonic() - started
    go.set()
    gevent.sleep(max(0.0, started + duration - time.monotonic()))
    gevent.joinall(voters, timeout=60)
    if "last" in outcome["burst"]:
        outcome["burst"]["span"] = outcome["burst"].pop("last") - started - \
            outcome["burst"]["start"]
    runner.stop()  # users finish the task in hand (stop_timeout): no write cut off midway
    runner.quit()
    elapsed = time.monotonic() - started
    stats = env.stats
    rows = []
    for entry in [*sorted(stats.entries.values(), key=lambda e: (e.method, e.name)),
                  stats.total]:
        rows.append({
            "name": "total" if entry is stats.total else f"{entry.method} {entry.name}",
            "requests": entry.num_requests, "failures": entry.num_failures,
            "rps": 0.0 if "(before)" in entry.name else entry.num_requests / elapsed,
            **{key: entry.get_response_time_percentile(q) or 0
               for key, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))}})
    errors = [f"{e.method} {e.name}: {e.error} × {e.occurrences}"
              for e in stats.errors.values()]
    return {**outcome, "rows": rows, "errors": errors, "elapsed": elapsed}


def main(argv: list[str]) -> None:
    plan_path, result_path = argv
    with open(plan_path, encoding="utf-8") as handle:
        result = run(json.load(handle))
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
