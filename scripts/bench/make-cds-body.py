#!/usr/bin/env python3
"""Writes a synthetic patient-view hook request (no real patient data) with a complete prefetch:
N observations (PHQ-9 totals and item 9 answers, weekly), 4 medication requests, 3 conditions."""
import json
import sys
from datetime import date, timedelta

observations = int(sys.argv[1]) if len(sys.argv) > 1 else 50
today = date(2026, 11, 21)
subject = {"reference": "Patient/bench-1"}
answers = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]


def searchset(resources):
    return {"resourceType": "Bundle", "type": "searchset", "total": len(resources),
            "entry": [{"fullUrl": f"urn:uuid:00000000-0000-0000-0000-{i:012d}", "resource": r}
                      for i, r in enumerate(resources)]}


obs = []
weeks = observations // 2
for week in range(weeks):
    day = (today - timedelta(days=7 * (weeks - week))).isoformat()
    obs.append({"resourceType": "Observation", "id": f"t{week}", "status": "final", "subject": subject,
                "effectiveDateTime": day,
                "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
                "valueQuantity": {"value": max(9, 23 - week // 2), "unit": "{score}",
                                  "system": "http://unitsofmeasure.org", "code": "{score}"}})
    obs.append({"resourceType": "Observation", "id": f"i{week}", "status": "final", "subject": subject,
                "effectiveDateTime": day,
                "code": {"coding": [{"system": "http://loinc.org", "code": "44260-8"}]},
                "valueCodeableConcept": {"coding": [{"system": "http://loinc.org",
                                                     "code": answers[1 if week == weeks - 1 else 0]}]}})


def med(id, rxnorm, name, mg, start, end=None):
    r = {"resourceType": "MedicationRequest", "id": id, "status": "completed" if end else "active",
         "intent": "order", "subject": subject, "authoredOn": start,
         "medicationCodeableConcept": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                                   "code": rxnorm, "display": name}]},
         "dosageInstruction": [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d",
                                                     "boundsPeriod": {"start": start, **({"end": end} if end else {})}}},
                                "doseAndRate": [{"doseQuantity": {"value": mg, "unit": "mg",
                                                                  "system": "http://unitsofmeasure.org",
                                                                  "code": "mg"}}]}]}
    return r


meds = [med("m1", "36437", "sertraline", 150, "2026-01-10", "2026-04-20"),
        med("m2", "39786", "venlafaxine", 225, "2026-05-01", "2026-08-20"),
        med("m3", "42347", "bupropion", 300, "2026-09-01"),
        med("m4", "89013", "aripiprazole", 5, "2026-10-01")]


def condition(id, code, display):
    return {"resourceType": "Condition", "id": id, "subject": subject,
            "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                           "code": "active"}]},
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": code, "display": display}]}}


conditions = [condition("c1", "F33.2", "Major depressive disorder, recurrent severe"),
              condition("c2", "F41.1", "Generalized anxiety disorder"),
              condition("c3", "E03.9", "Hypothyroidism, unspecified")]

body = {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/bench", "patientId": "bench-1"},
        "prefetch": {"patient": {"resourceType": "Patient", "id": "bench-1", "birthDate": "1979-05-04",
                                 "gender": "female"},
                     "observations": searchset(obs), "questionnaireResponses": searchset([]),
                     "medicationRequests": searchset(meds), "medicationStatements": searchset([]),
                     "conditions": searchset(conditions), "procedures": searchset([])}}
json.dump(body, sys.stdout, separators=(",", ":"))
