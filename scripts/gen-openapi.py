# SPDX-License-Identifier: Apache-2.0
# Generates docs/openapi.json (the clinic server's OpenAPI 3.1 document) and
# Sources/StepwiseServer/API/OpenAPIDocument.swift from this description.
# Usage: python3 scripts/gen-openapi.py && python3 scripts/gen-openapi.py --swift
import json
def ref(n): return {"$ref": f"#/components/schemas/{n}"}
def problem_responses(*codes):
    d={}
    names={"400":"Malformed body","401":"No or unknown bearer token","403":"The role does not allow this","404":"No such patient in this organisation","409":"Conflict","412":"The patient changed since the ETag was read","422":"Invalid values","428":"If-Match required"}
    for c in codes:
        d[c]={"description":names[c],"content":{"application/problem+json":{"schema":ref("Problem")}}}
    return d
def op(summary, opid, ok, okdesc="OK", schema=None, errors=("401","403"), params=None, body=None, headers=None, content="application/json", tags=None):
    o={"summary":summary,"operationId":opid,"responses":{}}
    r={"description":okdesc}
    if schema is not None: r["content"]={content:{"schema":schema}}
    if headers: r["headers"]=headers
    o["responses"][ok]=r
    o["responses"].update(problem_responses(*errors))
    if params: o["parameters"]=params
    if body: o["requestBody"]={"required":True,"content":{"application/json":{"schema":body}}}
    if tags: o["tags"]=tags
    return o
pid={"$ref":"#/components/parameters/PatientID"}
ifm={"$ref":"#/components/parameters/IfMatch"}
tid={"name":"trialID","in":"path","required":True,"schema":{"type":"string"},"description":"The treatment's id in assessments: its own id, or trial-N (N = its place in start order) when it has none"}
etag={"ETag":{"description":"The patient version, e.g. \"3\"","schema":{"type":"string"}}}
def q(name, schema, desc): return {"name":name,"in":"query","required":False,"schema":schema,"description":desc}
paths={
 "/api/v1/me":{"get":op("The authenticated user","getMe","200",schema=ref("Me"),tags=["account"])},
 "/api/v1/registry":{"get":op("Caseload registry rows (cached per patient version)","getRegistry","200",schema=ref("RegistryPage"),
    params=[q("q",{"type":"string"},"Patient id contains"),q("flag",{"type":"string"},"Only rows with this flag, or trd"),
            q("sort",{"type":"string","enum":["patient","phq9","change","weeks","stage","flags"]},"Sort key"),
            q("dir",{"type":"string","enum":["asc","desc"]},"Direction"),q("page",{"type":"integer","minimum":1},"Page"),
            q("size",{"type":"integer","minimum":1,"maximum":1000},"Rows per page"),q("format",{"type":"string","enum":["json","csv"]},"csv returns every matching row as text/csv")],tags=["registry"])},
 "/api/v1/patients":{
   "get":op("List patients","listPatients","200",schema=ref("PatientListPage"),params=[q("q",{"type":"string"},"Id contains"),q("limit",{"type":"integer"},"At most"),q("offset",{"type":"integer"},"Skip")],tags=["patients"]),
   "post":op("Create a patient","createPatient","201",okdesc="Created",schema=ref("PatientEnvelope"),errors=("400","401","403","409","422"),body=ref("PatientRecord"),headers=dict(etag,Location={"schema":{"type":"string"}}),tags=["patients"])},
 "/api/v1/patients/{id}":{
   "get":op("Read a patient","getPatient","200",schema=ref("PatientEnvelope"),errors=("401","403","404"),params=[pid],headers=etag,tags=["patients"]),
   "put":op("Replace a patient's record (If-Match required)","replacePatient","200",schema=ref("PatientEnvelope"),errors=("400","401","403","404","412","422","428"),params=[pid,ifm],body=ref("PatientRecord"),headers=etag,tags=["patients"]),
   "delete":op("Erase a patient","deletePatient","204",okdesc="Deleted",errors=("401","403","404","412"),params=[pid,ifm],tags=["patients"])},
 "/api/v1/patients/{id}/versions":{"get":op("Every stored version","getPatientVersions","200",schema={"type":"array","items":ref("PatientEnvelope")},errors=("401","403","404"),params=[pid],tags=["patients"])},
 "/api/v1/patients/{id}/measurements":{"post":op("Add a questionnaire administration; returns its score and flags","addMeasurement","201",okdesc="Created (also for an administration that cannot be scored as a whole but carries a safety signal: stored, with issues)",schema=ref("MeasurementResult"),errors=("400","401","403","404","412","422"),params=[pid,ifm],body=ref("Measurement"),headers=etag,tags=["patients"])},
 "/api/v1/patients/{id}/trials":{"post":op("Add a treatment trial","addTrial","201",okdesc="Created",schema=ref("TrialResult"),errors=("400","401","403","404","412","422"),params=[pid,ifm],body=ref("TreatmentTrial"),headers=etag,tags=["patients"])},
 "/api/v1/patients/{id}/trials/{trialID}/doses":{"post":op("Record a dose change of a medication from a date (a step on the same date is replaced; mgPerDay null = amount not known)","addDoseStep","201",okdesc="Created",schema=ref("TrialResult"),errors=("400","401","403","404","412","422"),params=[pid,tid,ifm],body=ref("DoseStep"),headers=etag,tags=["patients"])},
 "/api/v1/patients/{id}/trials/{trialID}/end":{"post":op("End a treatment (or correct its end) with the reason when known","endTrial","200",schema=ref("TrialResult"),errors=("400","401","403","404","412","422"),params=[pid,tid,ifm],body=ref("TrialEnd"),headers=etag,tags=["patients"])},
 "/api/v1/patients/{id}/assessment":{"get":op("Assess the patient as of today","getAssessment","200",schema=ref("AssessmentReport"),errors=("401","403","404"),params=[pid],headers=etag,tags=["assessment"])},
 "/api/v1/patients/{id}/documents/{kind}":{"get":op("Generate a document","getDocument","200",schema=ref("Document"),errors=("401","403","404"),
    params=[pid,{"name":"kind","in":"path","required":True,"schema":{"type":"string","enum":["progress-note","pcp-letter","referral-packet","relapse-prevention"]}},
            q("format",{"type":"string","enum":["json","markdown"]},"markdown returns text/markdown"),q("target",{"type":"string","enum":["rtms","esketamine","ect"]},"Referral packet treatment"),
            q("recipient",{"type":"string"},"PCP letter addressee")],tags=["documents"])},
 "/api/v1/patients/{id}/flags":{
   "get":op("A patient's care-team flags","listFlags","200",schema={"type":"array","items":ref("CareFlag")},errors=("401","403","404"),params=[pid],tags=["care-team"]),
   "post":op("Raise a flag","createFlag","201",okdesc="Created",schema=ref("CareFlag"),errors=("400","401","403","404","422"),params=[pid],body=ref("NewFlag"),tags=["care-team"])},
 "/api/v1/flags/{flagID}":{"patch":op("Change a flag's status or assignee","updateFlag","200",schema=ref("CareFlag"),errors=("400","401","403","404","422"),
    params=[{"name":"flagID","in":"path","required":True,"schema":{"type":"string"}}],body=ref("FlagUpdate"),tags=["care-team"])},
 "/api/v1/review":{"get":op("Open psychiatric-review flags","getReviewList","200",schema={"type":"array","items":ref("CareFlag")},tags=["care-team"])},
 "/api/v1/patients/{id}/notes":{
   "get":op("A patient's notes","listNotes","200",schema={"type":"array","items":ref("CareNote")},errors=("401","403","404"),params=[pid],tags=["care-team"]),
   "post":op("Add a note","addNote","201",okdesc="Created",schema=ref("CareNote"),errors=("400","401","403","404","422"),params=[pid],body=ref("NewNote"),tags=["care-team"])},
 "/api/v1/users":{
   "get":op("Users of the organisation (admins)","listUsers","200",schema={"type":"array","items":ref("User")},tags=["account"]),
   "post":op("Add a user (admins)","createUser","201",okdesc="Created",schema=ref("User"),errors=("400","401","403","409","422"),body=ref("NewUser"),tags=["account"])},
 "/api/v1/users/{userID}":{
   "patch":op("Change another user's role, or disable or enable the account (admins; not your own account)","updateUser","200",schema=ref("User"),errors=("400","401","403","404","422"),
      params=[{"name":"userID","in":"path","required":True,"schema":{"type":"string"}}],body=ref("UserChange"),tags=["account"])},
 "/api/v1/audit":{"get":op("Audit log of the organisation (admins)","getAudit","200",schema={"type":"array","items":ref("AuditEvent")},params=[q("after",{"type":"integer"},"Events after this id"),q("limit",{"type":"integer"},"At most")],tags=["audit"])},
}
date={"type":"string","format":"date"}
sd=lambda:{"type":["string","null"],"format":"date"}
obj=lambda props,req=None,extra=True: dict({"type":"object","properties":props},**({"required":req} if req else {}),**({} if extra else {"additionalProperties":False}))
schemas={
 "Problem":obj({"type":{"type":"string","format":"uri"},"title":{"type":"string"},"status":{"type":"integer"},"detail":{"type":"string"},"instance":{"type":"string"},"location":{"type":"string"}},["type","title","status","detail"]),
 "Me":obj({"id":{"type":"string"},"email":{"type":"string"},"displayName":{"type":"string"},"role":ref("Role"),"organization":obj({"id":{"type":"string"},"name":{"type":"string"}})},["id","email","role","organization"]),
 "Role":{"type":"string","enum":["clinician","care-manager","psychiatric-consultant","admin"]},
 "RegistrySummary":obj({"patientID":{"type":"string"},"version":{"type":"integer"},"asOf":date,"lastPHQ9":{"type":["integer","null"]},"lastPHQ9Date":sd(),
    "changeSinceBaselinePercent":{"type":["number","null"]},"weeksInCurrentTreatment":{"type":["integer","null"]},"trdDefinitionsMet":{"type":"array","items":{"type":"string"}},
    "thaseRushStage":{"type":["integer","null"]},"flags":{"type":"array","items":{"type":"string"}}},["patientID","version","asOf","flags"]),
 "RegistryPage":obj({"total":{"type":"integer"},"page":{"type":"integer"},"pageSize":{"type":"integer"},"asOf":date,"items":{"type":"array","items":ref("RegistrySummary")}},["total","items"]),
 "PatientListPage":obj({"total":{"type":"integer"},"items":{"type":"array","items":obj({"id":{"type":"string"},"version":{"type":"integer"},"updatedAt":{"type":"string","format":"date-time"},"updatedBy":{"type":"string"}})}}),
 "PatientEnvelope":obj({"id":{"type":"string"},"version":{"type":"integer"},"updatedAt":{"type":"string","format":"date-time"},"record":ref("PatientRecord")},["id","version","record"]),
 "PatientRecord":{"type":"object","description":"Stepwise's native patient record (docs/record-format.md, schema/patient-record.schema.json).","required":["id"],
    "properties":{"id":{"type":"string"},"birthDate":date,"sex":{"type":"string","enum":["female","male","other","unknown"]},"episode":{"type":"object"},
    "measurements":{"type":"array","items":ref("Measurement")},"trials":{"type":"array","items":ref("TreatmentTrial")},"conditions":{"type":"array","items":{"type":"object"}},
    "labs":{"type":"array","items":{"type":"object"}},"findings":{"type":"array","items":{"type":"object"}},"goals":{"type":"array","items":{"type":"object"}}}},
 "Measurement":obj({"id":{"type":"string"},"instrument":{"type":"string","examples":["phq9"]},"date":date,"answers":{"type":"array","items":{"type":["integer","null"]}},"total":{"type":"integer"},"items":{"type":"object","additionalProperties":{"type":"integer"}}},["instrument","date"]),
 "TreatmentTrial":obj({"id":{"type":"string"},"kind":{"type":"string","enum":["medication","psychotherapy","neuromodulation"]},"agent":{"type":"string"},
    "role":{"type":"string","enum":["monotherapy","augmentation","combination","psychotherapy","neuromodulation"]},"augments":{"type":"string"},"start":date,"end":date,
    "doses":{"type":"array","items":obj({"from":date,"mgPerDay":{"type":["number","null"]}},["from"])},
    "adherence":obj({"percentDaysCovered":{"type":"number"},"clinicianEstimate":{"type":"number"},"source":{"type":"string"}}),
    "stopReason":{"type":"string","enum":["non-response","partial-response","side-effects","patient-choice","remission","other"]},"sessions":{"type":"integer"},
    "laterality":{"type":"string"},"clinicianRatedImprovement":{"type":"number"},"currentEpisode":{"type":"boolean"},"note":{"type":"string"}},["agent","start"]),
 "ScoredMeasurement":obj({"instrument":{"type":"string"},"date":date,"total":{"type":["integer","null"]},"band":{"type":["string","null"]},"flags":{"type":"array","items":{"type":"string"}},"basis":{"type":"string"}}),
 "SafetyFlag":obj({"id":{"type":"string"},"level":{"type":"string"},"title":{"type":"string"},"evidence":{"type":"array","items":{"type":"string"}},"action":{"type":"string"},"rule":{"type":"string"},"sources":{"type":"array","items":{"type":"string"}}}),
 "MeasurementResult":obj({"version":{"type":"integer"},"scored":ref("ScoredMeasurement"),"safety":{"type":"array","items":ref("SafetyFlag")},
    "issues":{"type":"array","description":"Present when the administration could not be scored as a whole and was stored for its safety signal (e.g. PHQ-9 item 9 alone)","items":obj({"path":{"type":"string"},"message":{"type":"string"},"severity":{"type":"string"}},["path","message","severity"])}},["version","scored","safety"]),
 "DoseStep":obj({"from":date,"mgPerDay":{"type":["number","null"],"exclusiveMinimum":0,"maximum":10000,"description":"total mg/day; null when the amount is not known"}},["from"]),
 "TrialEnd":obj({"date":date,"stopReason":{"type":"string","enum":["non-response","partial-response","side-effects","patient-choice","remission","other"]}},["date"]),
 "TrialResult":obj({"version":{"type":"integer"},"trial":{"type":["object","null"]}},["version"]),
 "AssessmentReport":{"type":"object","description":"The JSON contract of `stepwise assess` (asOf, patient, safety[], measurements[], trials[], trd[], staging, pseudoResistance[], monitoring[], plan[], issues[]).",
    "required":["asOf","patient","safety","trials","trd","staging","pseudoResistance","monitoring","plan"],
    "properties":{"asOf":date,"patient":{"type":"object"},"safety":{"type":"array","items":ref("SafetyFlag")},"measurements":{"type":"array","items":ref("ScoredMeasurement")},
    "trials":{"type":"array","items":{"type":"object"}},"trd":{"type":"array","items":{"type":"object"}},"staging":{"type":"object"},"pseudoResistance":{"type":"array","items":{"type":"object"}},
    "monitoring":{"type":"array","items":{"type":"object"}},"plan":{"type":"array","items":{"type":"object"}},"issues":{"type":"array","items":{"type":"object"}}}},
 "Document":obj({"kind":{"type":"string"},"title":{"type":"string"},"markdown":{"type":"string"},"html":{"type":"string"}},["kind","title","markdown","html"]),
 "CareFlag":obj({"id":{"type":"string"},"organizationID":{"type":"string"},"patientID":{"type":"string"},"kind":{"type":"string"},"assignedTo":{"type":["string","null"]},
    "status":{"type":"string","enum":["open","resolved","dismissed"]},"createdAt":{"type":"string","format":"date-time"},"updatedAt":{"type":"string","format":"date-time"}}),
 "NewFlag":obj({"kind":{"type":"string","examples":["psychiatric-review"]},"assignedTo":{"type":"string"}},["kind"]),
 "FlagUpdate":obj({"status":{"type":"string","enum":["open","resolved","dismissed"]},"assignedTo":{"type":"string"}},["status"]),
 "CareNote":obj({"id":{"type":"string"},"patientID":{"type":"string"},"authorID":{"type":"string"},"text":{"type":"string"},"createdAt":{"type":"string","format":"date-time"}}),
 "NewNote":obj({"text":{"type":"string","minLength":1,"maxLength":10000}},["text"]),
 "User":obj({"id":{"type":"string"},"email":{"type":"string"},"displayName":{"type":"string"},"role":ref("Role"),"disabled":{"type":"boolean"},"disabledAt":{"type":"string","format":"date-time"}},["id","email","displayName","role","disabled"]),
 "UserChange":dict(obj({"role":ref("Role"),"disabled":{"type":"boolean","description":"true disables the account (sessions end, API tokens are refused); false enables it"}}),minProperties=1),
 "NewUser":obj({"email":{"type":"string"},"displayName":{"type":"string"},"role":ref("Role"),"password":{"type":"string","minLength":12}},["email","role","password"]),
 "AuditEvent":obj({"id":{"type":"integer"},"at":{"type":"string","format":"date-time"},"organizationID":{"type":["string","null"]},"userID":{"type":["string","null"]},
    "action":{"type":"string"},"resourceType":{"type":"string"},"resourceID":{"type":["string","null"]},"remoteAddress":{"type":["string","null"]}}),
}
doc={"openapi":"3.1.0",
 "info":{"title":"Stepwise clinic server API","version":"1.0.0","summary":"Measurement-based care and decision support for difficult-to-treat depression.",
   "description":"Decision support for clinicians, not decisions. Every verdict names its rule and source. Authenticate with `Authorization: Bearer <token>` (create tokens on /account/tokens). Patients carry their version as an ETag; send If-Match on writes to get 412 instead of a lost update. Errors are RFC 7807 problem details.",
   "license":{"name":"Apache-2.0","identifier":"Apache-2.0"}},
 "servers":[{"url":"/"}],
 "security":[{"bearer":[]}],
 "tags":[{"name":n} for n in ["account","registry","patients","assessment","documents","care-team","audit"]],
 "paths":paths,
 "components":{"securitySchemes":{"bearer":{"type":"http","scheme":"bearer","description":"API token from /account/tokens"}},
   "parameters":{"PatientID":{"name":"id","in":"path","required":True,"schema":{"type":"string"},"description":"Patient identifier"},
     "IfMatch":{"name":"If-Match","in":"header","required":False,"schema":{"type":"string"},"description":"The ETag last read, e.g. \"3\""}},
   "schemas":schemas}}
s=json.dumps(doc,indent=1,sort_keys=False)
import sys
if "--swift" not in sys.argv:
    open("docs/openapi.json","w").write(s)

if "--swift" in sys.argv:
    text = open("docs/openapi.json").read()
    assert '"##' not in text
    header = '''// SPDX-License-Identifier: Apache-2.0
// The OpenAPI 3.1 document of the JSON API. Same content as docs/openapi.json; both are written by
// scripts/gen-openapi.py (APITests checks that they are equal and validates the served document).
import HTTPTypes
import Hummingbird

/// Serves the OpenAPI 3.1 description of `/api/v1` at `/openapi.json` (no authentication).
struct OpenAPIController {
    func addRoutes(to router: Router<StepwiseRequestContext>) {
        router.get("/openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "public, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}

/// The document text.
public enum OpenAPIDocument {
    /// The OpenAPI 3.1 JSON.
    public static let json = ##"""
'''
    open("Sources/StepwiseServer/API/OpenAPIDocument.swift", "w").write(header + text + '\n"""##\n}\n')
