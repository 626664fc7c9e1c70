#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Deterministic generator of realistic FHIR R4 Bulk Data NDJSON for Stepwise import tests and
benchmarks: Patients, PHQ-9 / GAD-7 / QIDS-SR16 Observations (totals, PHQ-9 item answers and
panels with components), antidepressant MedicationRequests and depression-related Conditions.

All data is synthetic (no real person). The same arguments always give byte-identical files.

    scripts/gen-ndjson.py --out DIR [--observations 200000] [--patients N] [--seed 7]

Writes DIR/Patient.ndjson, DIR/Observation.ndjson, DIR/MedicationRequest.ndjson and
DIR/Condition.ndjson (one resource per line, as a FHIR server's $export writes them).
"""
import argparse
import json
import os
import random
import uuid

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
# QIDS-SR16 has no confirmed LOINC code: exports carry a clinic-local code, which Stepwise reports as not read.
STEPWISE_INSTRUMENT = "https://example.org/fhir/CodeSystem/local-instruments"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

PHQ9_ITEMS = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"]
PHQ9_ANSWERS = [("LA6568-5", "Not at all"), ("LA6569-3", "Several days"),
                ("LA6570-1", "More than half the days"), ("LA6571-9", "Nearly every day")]
# RxNorm ingredient codes (docs: shared reference, CPIC-confirmed) with typical daily doses in mg.
DRUGS = [("36437", "sertraline", [50, 100, 150, 200]), ("4493", "fluoxetine", [20, 40, 60]),
         ("321988", "escitalopram", [10, 20]), ("42347", "bupropion", [150, 300, 450]),
         ("39786", "venlafaxine", [75, 150, 225]), ("15996", "mirtazapine", [15, 30, 45]),
         ("72625", "duloxetine", [60, 120])]
CONDITIONS = [(ICD10, "F33.1", "Major depressive disorder, recurrent, moderate"),
              (ICD10, "F32.2", "Major depressive disorder, single episode, severe without psychotic features"),
              (ICD10, "F41.1", "Generalized anxiety disorder"), (ICD10, "E03.9", "Hypothyroidism, unspecified"),
              (SNOMED, "370143000", "Major depressive disorder")]


def ident(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def day(rng, start_year=2019):
    return f"{start_year + rng.randrange(5)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"


def timestamp(rng, date):
    return f"{date}T{8 + rng.randrange(10):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}-05:00"


def patient(rng, pid, n):
    gender = rng.choice(["female", "male"])
    return {
        "resourceType": "Patient", "id": pid,
        "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]},
        "identifier": [{"system": "https://example.org/synthetic-mrn", "value": f"SYN{n:08d}"}],
        "name": [{"use": "official", "family": f"Synthetic{n}", "given": ["Test"]}],
        "gender": gender, "birthDate": f"{1950 + rng.randrange(50)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
        "address": [{"city": "Springfield", "state": "MA", "country": "US"}],
    }


def observation_base(rng, pid, code, display, date, text):
    return {
        "resourceType": "Observation", "id": ident(rng),
        "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-survey"]},
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [{"system": LOINC if not code.startswith("qids") else STEPWISE_INSTRUMENT,
                             "code": code, "display": display}], "text": text},
        "subject": {"reference": f"Patient/{pid}"},
        "encounter": {"reference": f"Encounter/{ident(rng)}"},
        "effectiveDateTime": timestamp(rng, date), "issued": timestamp(rng, date)[:19] + ".000-05:00",
    }


def score(value):
    return {"value": value, "unit": "{score}", "system": UCUM, "code": "{score}"}


def observations(rng, pid, date):
    """One visit's observations: mostly PHQ-9 totals, with item 9 answers, panels, GAD-7, QIDS."""
    kind = rng.random()
    answers = [min(3, max(0, int(rng.gauss(1.4, 1)))) for _ in range(9)]
    if kind < 0.55:
        o = observation_base(rng, pid, "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
                             date, "PHQ-9 total score")
        if rng.random() < 0.5:
            o["valueQuantity"] = score(sum(answers))
        else:
            o["valueInteger"] = sum(answers)
        return [o]
    if kind < 0.70:
        code, display = PHQ9_ANSWERS[answers[8]]
        o = observation_base(rng, pid, "44260-8", "Thoughts that you would be better off dead, or of hurting yourself",
                             date, "PHQ-9 item 9")
        o["valueCodeableConcept"] = {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display}
        return [o]
    if kind < 0.80:
        o = observation_base(rng, pid, "44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]", date,
                             "PHQ-9 panel")
        o["component"] = [{"code": {"coding": [{"system": LOINC, "code": item}]},
                           "valueCodeableConcept": {"coding": [{"system": LOINC, "code": PHQ9_ANSWERS[a][0],
                                                                "display": PHQ9_ANSWERS[a][1]}]}}
                          for item, a in zip(PHQ9_ITEMS, answers)]
        return [o]
    if kind < 0.92:
        o = observation_base(rng, pid, "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
                             date, "GAD-7 total score")
        o["valueQuantity"] = score(rng.randrange(22))
        return [o]
    o = observation_base(rng, pid, "qids-sr16", "QIDS-SR16 total score", date, "QIDS-SR16 total score")
    o["valueQuantity"] = score(rng.randrange(28))
    return [o]


def plus_days(date, days):
    import datetime
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=days)).isoformat()


def medication_request(rng, pid, date, last=True):
    rx, name, doses = rng.choice(DRUGS)
    status = rng.choice(["active", "completed", "stopped"] if last else ["completed", "stopped"])
    dose = rng.choice(doses)
    repeat = {"frequency": 1, "period": 1, "periodUnit": "d", "boundsPeriod": {"start": date}}
    if status != "active":
        repeat["boundsPeriod"]["end"] = plus_days(date, 7 * (4 + rng.randrange(12)))
    request = {
        "resourceType": "MedicationRequest", "id": ident(rng), "status": status, "intent": "order",
        "medicationCodeableConcept": {"coding": [{"system": RXNORM, "code": rx, "display": name}], "text": name},
        "subject": {"reference": f"Patient/{pid}"}, "authoredOn": date,
        "requester": {"reference": f"Practitioner/{ident(rng)}"},
        "dosageInstruction": [{"sequence": 1, "text": f"{dose} mg once daily", "timing": {"repeat": repeat},
                               "doseAndRate": [{"doseQuantity": {"value": dose, "unit": "mg",
                                                                 "system": UCUM, "code": "mg"}}]}],
    }
    if status == "stopped" and rng.random() < 0.4:
        request["statusReason"] = {"text": "Adverse reaction (side effects)"}
    return request


def condition(rng, pid, date):
    system, code, display = rng.choice(CONDITIONS)
    return {
        "resourceType": "Condition", "id": ident(rng),
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                       "code": "active"}]},
        "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                                           "code": "confirmed"}]},
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                  "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": system, "code": code, "display": display}], "text": display},
        "subject": {"reference": f"Patient/{pid}"}, "onsetDateTime": timestamp(rng, date), "recordedDate": date,
    }


def main():
    parser = argparse.ArgumentParser(description="Deterministic synthetic FHIR R4 Bulk Data NDJSON for Stepwise.")
    parser.add_argument("--out", required=True)
    parser.add_argument("--observations", type=int, default=200_000)
    parser.add_argument("--patients", type=int, default=0, help="default: one per 20 observations")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    count = args.patients or max(1, args.observations // 20)
    ids = [ident(rng) for _ in range(count)]
    dump = lambda r: json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n"
    with open(os.path.join(args.out, "Patient.ndjson"), "w", encoding="utf-8") as f:
        for n, pid in enumerate(ids):
            f.write(dump(patient(rng, pid, n)))
    with open(os.path.join(args.out, "Observation.ndjson"), "w", encoding="utf-8") as f:
        written = 0
        # Visits every 2 to 6 weeks per patient, one questionnaire result each.
        next_visit = {pid: day(rng, 2019) for pid in ids}
        while written < args.observations:
            pid = ids[written % count]
            visit = next_visit[pid]
            next_visit[pid] = plus_days(visit, 14 + rng.randrange(29))
            for o in observations(rng, pid, visit):
                f.write(dump(o))
                written += 1
    with open(os.path.join(args.out, "MedicationRequest.ndjson"), "w", encoding="utf-8") as f, \
            open(os.path.join(args.out, "Condition.ndjson"), "w", encoding="utf-8") as g:
        for pid in ids:
            # Sequential antidepressant courses, as in treatment-resistant depression: each ends
            # (completed or stopped) before the next starts; the last may still be active.
            start = day(rng, 2019)
            courses = 1 + rng.randrange(3)
            for n in range(courses):
                request = medication_request(rng, pid, start, last=(n == courses - 1))
                f.write(dump(request))
                end = request["dosageInstruction"][0]["timing"]["repeat"]["boundsPeriod"].get("end", start)
                start = plus_days(end, 7 + rng.randrange(21))
            g.write(dump(condition(rng, pid, day(rng, 2018))))


if __name__ == "__main__":
    main()
