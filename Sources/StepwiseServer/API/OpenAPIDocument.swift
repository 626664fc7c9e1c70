// SPDX-License-Identifier: Apache-2.0
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
{
 "openapi": "3.1.0",
 "info": {
  "title": "Stepwise clinic server API",
  "version": "1.0.0",
  "summary": "Measurement-based care and decision support for difficult-to-treat depression.",
  "description": "Decision support for clinicians, not decisions. Every verdict names its rule and source. Authenticate with `Authorization: Bearer <token>` (create tokens on /account/tokens). Patients carry their version as an ETag; send If-Match on writes to get 412 instead of a lost update. Errors are RFC 7807 problem details.",
  "license": {
   "name": "Apache-2.0",
   "identifier": "Apache-2.0"
  }
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearer": []
  }
 ],
 "tags": [
  {
   "name": "account"
  },
  {
   "name": "registry"
  },
  {
   "name": "patients"
  },
  {
   "name": "assessment"
  },
  {
   "name": "documents"
  },
  {
   "name": "care-team"
  },
  {
   "name": "audit"
  }
 ],
 "paths": {
  "/api/v1/me": {
   "get": {
    "summary": "The authenticated user",
    "operationId": "getMe",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Me"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "tags": [
     "account"
    ]
   }
  },
  "/api/v1/registry": {
   "get": {
    "summary": "Caseload registry rows (cached per patient version)",
    "operationId": "getRegistry",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RegistryPage"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Patient id contains"
     },
     {
      "name": "flag",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Only rows with this flag, or trd"
     },
     {
      "name": "sort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "patient",
        "phq9",
        "change",
        "weeks",
        "stage",
        "flags"
       ]
      },
      "description": "Sort key"
     },
     {
      "name": "dir",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "asc",
        "desc"
       ]
      },
      "description": "Direction"
     },
     {
      "name": "page",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1
      },
      "description": "Page"
     },
     {
      "name": "size",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 1000
      },
      "description": "Rows per page"
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv"
       ]
      },
      "description": "csv returns every matching row as text/csv"
     }
    ],
    "tags": [
     "registry"
    ]
   }
  },
  "/api/v1/patients": {
   "get": {
    "summary": "List patients",
    "operationId": "listPatients",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PatientListPage"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Id contains"
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer"
      },
      "description": "At most"
     },
     {
      "name": "offset",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer"
      },
      "description": "Skip"
     }
    ],
    "tags": [
     "patients"
    ]
   },
   "post": {
    "summary": "Create a patient",
    "operationId": "createPatient",
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PatientEnvelope"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The patient version, e.g. \"3\"",
        "schema": {
         "type": "string"
        }
       },
       "Location": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "Conflict",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PatientRecord"
       }
      }
     }
    },
    "tags": [
     "patients"
    ]
   }
  },
  "/api/v1/patients/{id}": {
   "get": {
    "summary": "Read a patient",
    "operationId": "getPatient",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PatientEnvelope"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The patient version, e.g. \"3\"",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     }
    ],
    "tags": [
     "patients"
    ]
   },
   "put": {
    "summary": "Replace a patient's record (If-Match required)",
    "operationId": "replacePatient",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PatientEnvelope"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The patient version, e.g. \"3\"",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "The patient changed since the ETag was read",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "428": {
      "description": "If-Match required",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PatientRecord"
       }
      }
     }
    },
    "tags": [
     "patients"
    ]
   },
   "delete": {
    "summary": "Erase a patient",
    "operationId": "deletePatient",
    "responses": {
     "204": {
      "description": "Deleted"
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "The patient changed since the ETag was read",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "tags": [
     "patients"
    ]
   }
  },
  "/api/v1/patients/{id}/versions": {
   "get": {
    "summary": "Every stored version",
    "operationId": "getPatientVersions",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/PatientEnvelope"
         }
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     }
    ],
    "tags": [
     "patients"
    ]
   }
  },
  "/api/v1/patients/{id}/measurements": {
   "post": {
    "summary": "Add a questionnaire administration; returns its score and flags",
    "operationId": "addMeasurement",
    "responses": {
     "201": {
      "description": "Created (also for an administration that cannot be scored as a whole but carries a safety signal: stored, with issues)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/MeasurementResult"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The patient version, e.g. \"3\"",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "The patient changed since the ETag was read",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Measurement"
       }
      }
     }
    },
    "tags": [
     "patients"
    ]
   }
  },
  "/api/v1/patients/{id}/trials": {
   "post": {
    "summary": "Add a treatment trial",
    "operationId": "addTrial",
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TrialResult"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The patient version, e.g. \"3\"",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "The patient changed since the ETag was read",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TreatmentTrial"
       }
      }
     }
    },
    "tags": [
     "patients"
    ]
   }
  },
  "/api/v1/patients/{id}/trials/{trialID}/doses": {
   "post": {
    "summary": "Record a dose change of a medication from a date (a step on the same date is replaced; mgPerDay null = amount not known)",
    "operationId": "addDoseStep",
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TrialResult"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The patient version, e.g. \"3\"",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "The patient changed since the ETag was read",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     },
     {
      "name": "trialID",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "The treatment's id in assessments: its own id, or trial-N (N = its place in start order) when it has none"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/DoseStep"
       }
      }
     }
    },
    "tags": [
     "patients"
    ]
   }
  },
  "/api/v1/patients/{id}/trials/{trialID}/end": {
   "post": {
    "summary": "End a treatment (or correct its end) with the reason when known",
    "operationId": "endTrial",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TrialResult"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The patient version, e.g. \"3\"",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "412": {
      "description": "The patient changed since the ETag was read",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     },
     {
      "name": "trialID",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "The treatment's id in assessments: its own id, or trial-N (N = its place in start order) when it has none"
     },
     {
      "$ref": "#/components/parameters/IfMatch"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TrialEnd"
       }
      }
     }
    },
    "tags": [
     "patients"
    ]
   }
  },
  "/api/v1/patients/{id}/assessment": {
   "get": {
    "summary": "Assess the patient as of today",
    "operationId": "getAssessment",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AssessmentReport"
        }
       }
      },
      "headers": {
       "ETag": {
        "description": "The patient version, e.g. \"3\"",
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     }
    ],
    "tags": [
     "assessment"
    ]
   }
  },
  "/api/v1/patients/{id}/documents/{kind}": {
   "get": {
    "summary": "Generate a document",
    "operationId": "getDocument",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Document"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     },
     {
      "name": "kind",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "enum": [
        "progress-note",
        "pcp-letter",
        "referral-packet",
        "relapse-prevention"
       ]
      }
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "markdown"
       ]
      },
      "description": "markdown returns text/markdown"
     },
     {
      "name": "target",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "rtms",
        "esketamine",
        "ect"
       ]
      },
      "description": "Referral packet treatment"
     },
     {
      "name": "recipient",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "PCP letter addressee"
     }
    ],
    "tags": [
     "documents"
    ]
   }
  },
  "/api/v1/patients/{id}/flags": {
   "get": {
    "summary": "A patient's care-team flags",
    "operationId": "listFlags",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/CareFlag"
         }
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     }
    ],
    "tags": [
     "care-team"
    ]
   },
   "post": {
    "summary": "Raise a flag",
    "operationId": "createFlag",
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CareFlag"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewFlag"
       }
      }
     }
    },
    "tags": [
     "care-team"
    ]
   }
  },
  "/api/v1/flags/{flagID}": {
   "patch": {
    "summary": "Change a flag's status or assignee",
    "operationId": "updateFlag",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CareFlag"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "flagID",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/FlagUpdate"
       }
      }
     }
    },
    "tags": [
     "care-team"
    ]
   }
  },
  "/api/v1/review": {
   "get": {
    "summary": "Open psychiatric-review flags",
    "operationId": "getReviewList",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/CareFlag"
         }
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "tags": [
     "care-team"
    ]
   }
  },
  "/api/v1/patients/{id}/notes": {
   "get": {
    "summary": "A patient's notes",
    "operationId": "listNotes",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/CareNote"
         }
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     }
    ],
    "tags": [
     "care-team"
    ]
   },
   "post": {
    "summary": "Add a note",
    "operationId": "addNote",
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CareNote"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "$ref": "#/components/parameters/PatientID"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewNote"
       }
      }
     }
    },
    "tags": [
     "care-team"
    ]
   }
  },
  "/api/v1/users": {
   "get": {
    "summary": "Users of the organisation (admins)",
    "operationId": "listUsers",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/User"
         }
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "tags": [
     "account"
    ]
   },
   "post": {
    "summary": "Add a user (admins)",
    "operationId": "createUser",
    "responses": {
     "201": {
      "description": "Created",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/User"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "Conflict",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewUser"
       }
      }
     }
    },
    "tags": [
     "account"
    ]
   }
  },
  "/api/v1/users/{userID}": {
   "patch": {
    "summary": "Change another user's role, or disable or enable the account (admins; not your own account)",
    "operationId": "updateUser",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/User"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "No such patient in this organisation",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Invalid values",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "userID",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/UserChange"
       }
      }
     }
    },
    "tags": [
     "account"
    ]
   }
  },
  "/api/v1/audit": {
   "get": {
    "summary": "Audit log of the organisation (admins)",
    "operationId": "getAudit",
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/AuditEvent"
         }
        }
       }
      }
     },
     "401": {
      "description": "No or unknown bearer token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The role does not allow this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    },
    "parameters": [
     {
      "name": "after",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer"
      },
      "description": "Events after this id"
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer"
      },
      "description": "At most"
     }
    ],
    "tags": [
     "audit"
    ]
   }
  }
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "API token from /account/tokens"
   }
  },
  "parameters": {
   "PatientID": {
    "name": "id",
    "in": "path",
    "required": true,
    "schema": {
     "type": "string"
    },
    "description": "Patient identifier"
   },
   "IfMatch": {
    "name": "If-Match",
    "in": "header",
    "required": false,
    "schema": {
     "type": "string"
    },
    "description": "The ETag last read, e.g. \"3\""
   }
  },
  "schemas": {
   "Problem": {
    "type": "object",
    "properties": {
     "type": {
      "type": "string",
      "format": "uri"
     },
     "title": {
      "type": "string"
     },
     "status": {
      "type": "integer"
     },
     "detail": {
      "type": "string"
     },
     "instance": {
      "type": "string"
     },
     "location": {
      "type": "string"
     }
    },
    "required": [
     "type",
     "title",
     "status",
     "detail"
    ]
   },
   "Me": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "email": {
      "type": "string"
     },
     "displayName": {
      "type": "string"
     },
     "role": {
      "$ref": "#/components/schemas/Role"
     },
     "organization": {
      "type": "object",
      "properties": {
       "id": {
        "type": "string"
       },
       "name": {
        "type": "string"
       }
      }
     }
    },
    "required": [
     "id",
     "email",
     "role",
     "organization"
    ]
   },
   "Role": {
    "type": "string",
    "enum": [
     "clinician",
     "care-manager",
     "psychiatric-consultant",
     "admin"
    ]
   },
   "RegistrySummary": {
    "type": "object",
    "properties": {
     "patientID": {
      "type": "string"
     },
     "version": {
      "type": "integer"
     },
     "asOf": {
      "type": "string",
      "format": "date"
     },
     "lastPHQ9": {
      "type": [
       "integer",
       "null"
      ]
     },
     "lastPHQ9Date": {
      "type": [
       "string",
       "null"
      ],
      "format": "date"
     },
     "changeSinceBaselinePercent": {
      "type": [
       "number",
       "null"
      ]
     },
     "weeksInCurrentTreatment": {
      "type": [
       "integer",
       "null"
      ]
     },
     "trdDefinitionsMet": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "thaseRushStage": {
      "type": [
       "integer",
       "null"
      ]
     },
     "flags": {
      "type": "array",
      "items": {
       "type": "string"
      }
     }
    },
    "required": [
     "patientID",
     "version",
     "asOf",
     "flags"
    ]
   },
   "RegistryPage": {
    "type": "object",
    "properties": {
     "total": {
      "type": "integer"
     },
     "page": {
      "type": "integer"
     },
     "pageSize": {
      "type": "integer"
     },
     "asOf": {
      "type": "string",
      "format": "date"
     },
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/RegistrySummary"
      }
     }
    },
    "required": [
     "total",
     "items"
    ]
   },
   "PatientListPage": {
    "type": "object",
    "properties": {
     "total": {
      "type": "integer"
     },
     "items": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "id": {
         "type": "string"
        },
        "version": {
         "type": "integer"
        },
        "updatedAt": {
         "type": "string",
         "format": "date-time"
        },
        "updatedBy": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "PatientEnvelope": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "version": {
      "type": "integer"
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     },
     "record": {
      "$ref": "#/components/schemas/PatientRecord"
     }
    },
    "required": [
     "id",
     "version",
     "record"
    ]
   },
   "PatientRecord": {
    "type": "object",
    "description": "Stepwise's native patient record (docs/record-format.md, schema/patient-record.schema.json).",
    "required": [
     "id"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "birthDate": {
      "type": "string",
      "format": "date"
     },
     "sex": {
      "type": "string",
      "enum": [
       "female",
       "male",
       "other",
       "unknown"
      ]
     },
     "episode": {
      "type": "object"
     },
     "measurements": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Measurement"
      }
     },
     "trials": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/TreatmentTrial"
      }
     },
     "conditions": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "labs": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "findings": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "goals": {
      "type": "array",
      "items": {
       "type": "object"
      }
     }
    }
   },
   "Measurement": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "instrument": {
      "type": "string",
      "examples": [
       "phq9"
      ]
     },
     "date": {
      "type": "string",
      "format": "date"
     },
     "answers": {
      "type": "array",
      "items": {
       "type": [
        "integer",
        "null"
       ]
      }
     },
     "total": {
      "type": "integer"
     },
     "items": {
      "type": "object",
      "additionalProperties": {
       "type": "integer"
      }
     }
    },
    "required": [
     "instrument",
     "date"
    ]
   },
   "TreatmentTrial": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "medication",
       "psychotherapy",
       "neuromodulation"
      ]
     },
     "agent": {
      "type": "string"
     },
     "role": {
      "type": "string",
      "enum": [
       "monotherapy",
       "augmentation",
       "combination",
       "psychotherapy",
       "neuromodulation"
      ]
     },
     "augments": {
      "type": "string"
     },
     "start": {
      "type": "string",
      "format": "date"
     },
     "end": {
      "type": "string",
      "format": "date"
     },
     "doses": {
      "type": "array",
      "items": {
       "type": "object",
       "properties": {
        "from": {
         "type": "string",
         "format": "date"
        },
        "mgPerDay": {
         "type": [
          "number",
          "null"
         ]
        }
       },
       "required": [
        "from"
       ]
      }
     },
     "adherence": {
      "type": "object",
      "properties": {
       "percentDaysCovered": {
        "type": "number"
       },
       "clinicianEstimate": {
        "type": "number"
       },
       "source": {
        "type": "string"
       }
      }
     },
     "stopReason": {
      "type": "string",
      "enum": [
       "non-response",
       "partial-response",
       "side-effects",
       "patient-choice",
       "remission",
       "other"
      ]
     },
     "sessions": {
      "type": "integer"
     },
     "laterality": {
      "type": "string"
     },
     "clinicianRatedImprovement": {
      "type": "number"
     },
     "currentEpisode": {
      "type": "boolean"
     },
     "note": {
      "type": "string"
     }
    },
    "required": [
     "agent",
     "start"
    ]
   },
   "ScoredMeasurement": {
    "type": "object",
    "properties": {
     "instrument": {
      "type": "string"
     },
     "date": {
      "type": "string",
      "format": "date"
     },
     "total": {
      "type": [
       "integer",
       "null"
      ]
     },
     "band": {
      "type": [
       "string",
       "null"
      ]
     },
     "flags": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "basis": {
      "type": "string"
     }
    }
   },
   "SafetyFlag": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "level": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "evidence": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "action": {
      "type": "string"
     },
     "rule": {
      "type": "string"
     },
     "sources": {
      "type": "array",
      "items": {
       "type": "string"
      }
     }
    }
   },
   "MeasurementResult": {
    "type": "object",
    "properties": {
     "version": {
      "type": "integer"
     },
     "scored": {
      "$ref": "#/components/schemas/ScoredMeasurement"
     },
     "safety": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SafetyFlag"
      }
     },
     "issues": {
      "type": "array",
      "description": "Present when the administration could not be scored as a whole and was stored for its safety signal (e.g. PHQ-9 item 9 alone)",
      "items": {
       "type": "object",
       "properties": {
        "path": {
         "type": "string"
        },
        "message": {
         "type": "string"
        },
        "severity": {
         "type": "string"
        }
       },
       "required": [
        "path",
        "message",
        "severity"
       ]
      }
     }
    },
    "required": [
     "version",
     "scored",
     "safety"
    ]
   },
   "DoseStep": {
    "type": "object",
    "properties": {
     "from": {
      "type": "string",
      "format": "date"
     },
     "mgPerDay": {
      "type": [
       "number",
       "null"
      ],
      "exclusiveMinimum": 0,
      "maximum": 10000,
      "description": "total mg/day; null when the amount is not known"
     }
    },
    "required": [
     "from"
    ]
   },
   "TrialEnd": {
    "type": "object",
    "properties": {
     "date": {
      "type": "string",
      "format": "date"
     },
     "stopReason": {
      "type": "string",
      "enum": [
       "non-response",
       "partial-response",
       "side-effects",
       "patient-choice",
       "remission",
       "other"
      ]
     }
    },
    "required": [
     "date"
    ]
   },
   "TrialResult": {
    "type": "object",
    "properties": {
     "version": {
      "type": "integer"
     },
     "trial": {
      "type": [
       "object",
       "null"
      ]
     }
    },
    "required": [
     "version"
    ]
   },
   "AssessmentReport": {
    "type": "object",
    "description": "The JSON contract of `stepwise assess` (asOf, patient, safety[], measurements[], trials[], trd[], staging, pseudoResistance[], monitoring[], plan[], issues[]).",
    "required": [
     "asOf",
     "patient",
     "safety",
     "trials",
     "trd",
     "staging",
     "pseudoResistance",
     "monitoring",
     "plan"
    ],
    "properties": {
     "asOf": {
      "type": "string",
      "format": "date"
     },
     "patient": {
      "type": "object"
     },
     "safety": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/SafetyFlag"
      }
     },
     "measurements": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/ScoredMeasurement"
      }
     },
     "trials": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "trd": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "staging": {
      "type": "object"
     },
     "pseudoResistance": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "monitoring": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "plan": {
      "type": "array",
      "items": {
       "type": "object"
      }
     },
     "issues": {
      "type": "array",
      "items": {
       "type": "object"
      }
     }
    }
   },
   "Document": {
    "type": "object",
    "properties": {
     "kind": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "markdown": {
      "type": "string"
     },
     "html": {
      "type": "string"
     }
    },
    "required": [
     "kind",
     "title",
     "markdown",
     "html"
    ]
   },
   "CareFlag": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "organizationID": {
      "type": "string"
     },
     "patientID": {
      "type": "string"
     },
     "kind": {
      "type": "string"
     },
     "assignedTo": {
      "type": [
       "string",
       "null"
      ]
     },
     "status": {
      "type": "string",
      "enum": [
       "open",
       "resolved",
       "dismissed"
      ]
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "NewFlag": {
    "type": "object",
    "properties": {
     "kind": {
      "type": "string",
      "examples": [
       "psychiatric-review"
      ]
     },
     "assignedTo": {
      "type": "string"
     }
    },
    "required": [
     "kind"
    ]
   },
   "FlagUpdate": {
    "type": "object",
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "open",
       "resolved",
       "dismissed"
      ]
     },
     "assignedTo": {
      "type": "string"
     }
    },
    "required": [
     "status"
    ]
   },
   "CareNote": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "patientID": {
      "type": "string"
     },
     "authorID": {
      "type": "string"
     },
     "text": {
      "type": "string"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     }
    }
   },
   "NewNote": {
    "type": "object",
    "properties": {
     "text": {
      "type": "string",
      "minLength": 1,
      "maxLength": 10000
     }
    },
    "required": [
     "text"
    ]
   },
   "User": {
    "type": "object",
    "properties": {
     "id": {
      "type": "string"
     },
     "email": {
      "type": "string"
     },
     "displayName": {
      "type": "string"
     },
     "role": {
      "$ref": "#/components/schemas/Role"
     },
     "disabled": {
      "type": "boolean"
     },
     "disabledAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "required": [
     "id",
     "email",
     "displayName",
     "role",
     "disabled"
    ]
   },
   "UserChange": {
    "type": "object",
    "properties": {
     "role": {
      "$ref": "#/components/schemas/Role"
     },
     "disabled": {
      "type": "boolean",
      "description": "true disables the account (sessions end, API tokens are refused); false enables it"
     }
    },
    "minProperties": 1
   },
   "NewUser": {
    "type": "object",
    "properties": {
     "email": {
      "type": "string"
     },
     "displayName": {
      "type": "string"
     },
     "role": {
      "$ref": "#/components/schemas/Role"
     },
     "password": {
      "type": "string",
      "minLength": 12
     }
    },
    "required": [
     "email",
     "role",
     "password"
    ]
   },
   "AuditEvent": {
    "type": "object",
    "properties": {
     "id": {
      "type": "integer"
     },
     "at": {
      "type": "string",
      "format": "date-time"
     },
     "organizationID": {
      "type": [
       "string",
       "null"
      ]
     },
     "userID": {
      "type": [
       "string",
       "null"
      ]
     },
     "action": {
      "type": "string"
     },
     "resourceType": {
      "type": "string"
     },
     "resourceID": {
      "type": [
       "string",
       "null"
      ]
     },
     "remoteAddress": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   }
  }
 }
}
"""##
}
