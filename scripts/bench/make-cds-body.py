#!/usr/bin/env python3
"""Writes a synthetic patient-view hook request (no real patient data) with a complete prefetch:
N observations (PHQ-9 totals and item 9 answers, weekly), 4 medication requests, 3 conditions.

    make-cds-body.py [observations [variant]]

Variant 0 (the default) is the original benchmark patient; variants 1, 2, ... are different patients
(their own id, scores, item 9 answers, doses and dates) so a benchmark can rotate several bodies."""
import json
import sys
from datetime import date, timedelta

observations = int(sys.argv[1]) if len(sys.argv) > 1 else 50
variant = int(sys.argv[2]) if len(sys.argv) > 2 else 0
today = date(2026, 11, 21)
patient_id = f"bench-{variant + 1}"
subject = {"reference": f"Patient/{patient_id}"}
answers = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]


def searchset(resources):
    return {"resourceType": "Bundle", "type": "searchset", "total": len(resources),
            "entry": [{"fullUrl": f"urn:uuid:00000000-0000-0000-0000-{i:012d}", "resource": r}
                      for i, r in enumerate(resources)]}


def item9(week):
    """Variant 0: the last answer is 1 (a suicide-risk card); others vary, some with no positive answer."""
    if variant % 3 == 2:
        return 0
    return (1 + variant % 3) if week == weeks - 1 else 0


obs = []
weeks = observations // 2
for week in range(weeks):
    day = (today - timedelta(days=7 * (weeks - week))).isoformat()
    obs.append({"resourceType": "Observation", "id": f"t{week}", "status": "final", "subject": subject,
                "effectiveDateTime": day,
                "code": {"coding": [{"system": "http://loinc.org", "code": "44261-6"}]},
                "valueQuantity": {"value": max(9 - variant % 3, 23 - week // (2 + variant % 3) - variant % 4),
                                  "unit": "{score}",
                                  "system": "http://unitsofmeasure.org", "code": "{score}"}})
    obs.append({"resourceType": "Observation", "id": f"i{week}", "status": "final", "subject": subject,
                "effectiveDateTime": day,
                "code": {"coding": [{"system": "http://loinc.org", "code": "44260-8"}]},
                "valueCodeableConcept": {"coding": [{"system": "http://loinc.org",
                                                     "code": answers[item9(week)]}]}})


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


meds = [med("m1", "36437", "sertraline", [150, 100, 200][variant % 3], "2026-01-10", "2026-04-20"),
        med("m2", "39786", "venlafaxine", [225, 150, 300][variant % 3], f"2026-05-{1 + variant:02d}", "2026-08-20"),
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
        "context": {"userId": "Practitioner/bench", "patientId": patient_id},
        "prefetch": {"patient": {"resourceType": "Patient", "id": patient_id, "birthDate": f"{1979 - variant}-05-04",
                                 "gender": "female"},
                     "observations": searchset(obs), "questionnaireResponses": searchset([]),
                     "medicationRequests": searchset(meds), "medicationStatements": searchset([]),
                     "conditions": searchset(conditions), "procedures": searchset([])}}
json.dump(body, sys.stdout, separators=(",", ":"))
