# SPDX-License-Identifier: Apache-2.0
"""Durability and concurrency of the clinic server, through its real HTTP interface:

- kill -9 of the server during writes: every acknowledged write is there after restart (SQLite);
- two server instances on one PostgreSQL editing the same patient concurrently: no lost update
  (needs STEPWISE_TEST_POSTGRES_URL, e.g. from scripts/start-test-postgres.sh).
"""
import os
import threading
import time
import uuid

import pytest

from clinic_client import Browserless, add_user, api
from conftest import start_server

PASSWORD = "correct horse battery staple"


def measurement(write_id: str) -> dict:
    return {"id": write_id, "instrument": "phq9", "date": "2026-11-01", "answers": [1, 1, 1, 1, 1, 1, 1, 1, 0]}


def writer(
    base: str, token: str, patient: str, prefix: str, acknowledged: list, stop: threading.Event, errors: list,
    server_may_die: bool = False,
) -> None:
    n = 0
    while not stop.is_set():
        write_id = f"{prefix}-{n}"
        n += 1
        try:
            status, _, _ = api(base, token, "POST", f"/api/v1/patients/{patient}/measurements", measurement(write_id))
        except OSError as error:
            if not server_may_die:
                # No server is killed here: a timeout or a dropped connection is a failure to report
                # as such, not a silently unacknowledged write.
                errors.append(f"{write_id}: {type(error).__name__}")
            return  # the server went away mid-request: not acknowledged
        if status == 201:
            acknowledged.append(write_id)
        else:
            errors.append(status)


def signed_in_token(base: str, email: str) -> str:
    client = Browserless(base)
    client.sign_in(email, PASSWORD)
    return client.create_token()


def test_kill_9_during_writes_loses_no_acknowledged_write(tmp_path):
    database = str(tmp_path / "clinic.sqlite")
    store = ["--database", database]
    add_user(store, "Durability Clinic", "clinician@durability.test", PASSWORD)
    process, base = start_server(store)
    token = signed_in_token(base, "clinician@durability.test")
    assert api(base, token, "POST", "/api/v1/patients", {"id": "KILL-1"})[0] == 201

    acknowledged: list[str] = []
    errors: list[int] = []
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(base, token, "KILL-1", f"w{i}", acknowledged, stop, errors, True)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    process.kill()  # SIGKILL: no graceful shutdown
    process.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) > 10, f"too few writes before the kill: {len(acknowledged)}"
    assert not [e for e in errors if not isinstance(e, int) or e >= 500], errors

    process, base = start_server(store)
    try:
        status, headers, body = api(base, token, "GET", "/api/v1/patients/KILL-1")
        assert status == 200
        stored = {m.get("id") for m in body["record"]["measurements"]}
        missing = [write for write in acknowledged if write not in stored]
        assert not missing, f"{len(missing)} acknowledged writes lost after kill -9"
        assert int(headers["ETag"].strip('"')) == len(stored) + 1
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.skipif(not os.environ.get("STEPWISE_TEST_POSTGRES_URL"), reason="set STEPWISE_TEST_POSTGRES_URL (scripts/start-test-postgres.sh)")
def test_two_instances_on_one_postgres_lose_no_update():
    url = os.environ["STEPWISE_TEST_POSTGRES_URL"]
    run = uuid.uuid4().hex[:8]
    email = f"clinician-{run}@pg.test"
    add_user(["--postgres", url], f"PG Clinic {run}", email, PASSWORD)
    first, base_a = start_server(["--postgres", url])
    second, base_b = start_server(["--postgres", url])
    try:
        token = signed_in_token(base_a, email)
        patient = f"PG-{run}"
        assert api(base_a, token, "POST", "/api/v1/patients", {"id": patient})[0] == 201

        # Both instances append concurrently: every acknowledged append is kept.
        acknowledged: list[str] = []
        errors: list = []
        stop = threading.Event()
        threads = [
            threading.Thread(target=writer, args=(base, token, patient, f"{name}{i}", acknowledged, stop, errors))
            for name, base in (("a", base_a), ("b", base_b)) for i in range(3)
        ]
        for thread in threads:
            thread.start()
        time.sleep(4)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        status, headers, body = api(base_b, token, "GET", f"/api/v1/patients/{patient}")
        stored = [m.get("id") for m in body["record"]["measurements"]]
        assert sorted(stored) == sorted(acknowledged), "an acknowledged update was lost or duplicated"
        assert any(w.startswith("a") for w in stored) and any(w.startswith("b") for w in stored)

        # Read-modify-write from both instances with the same ETag: one wins, the other gets 412.
        etag = headers["ETag"]
        record = body["record"]
        results = []

        def replace(base: str, sex: str) -> None:
            results.append(api(base, token, "PUT", f"/api/v1/patients/{patient}", {**record, "sex": sex}, {"If-Match": etag})[0])

        racers = [threading.Thread(target=replace, args=(base_a, "female")), threading.Thread(target=replace, args=(base_b, "male"))]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join()
        assert sorted(results) == [200, 412], results
        final = api(base_a, token, "GET", f"/api/v1/patients/{patient}")[2]
        assert len(final["record"]["measurements"]) == len(acknowledged), "the winner kept every earlier append"
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=10)
