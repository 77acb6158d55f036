"""The OpenAPI 3.1 description of the HTTP API (served at /api/openapi.json)."""

from __future__ import annotations

from typing import Any

from askbio import __version__
from askbio.answer_types import KINDS
from askbio.settings import Config

ERROR_CODES = [
    "empty_body",
    "invalid_utf8",
    "invalid_json",
    "invalid_body",
    "missing_question",
    "invalid_question",
    "empty_question",
    "invalid_history",
    "invalid_unicode",
    "question_too_long",
    "body_too_large",
    "not_found",
    "invalid_parameter",
    "method_not_allowed",
    "unsupported_media_type",
    "rate_limited",
    "bad_request",
    "internal_error",
    "unauthorized",
]


def spec(config: Config) -> dict[str, Any]:
    error_response = {"$ref": "#/components/responses/Error"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "askbio",
            "version": __version__,
            "description": "Questions answered from a document collection, with cited passages.",
        },
        "paths": {
            "/api/chat": {
                "post": {
                    "summary": "Answer a question",
                    "operationId": "chat",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ChatRequest"}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The answer (or an abstention) with its citations.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}
                            },
                        },
                        "400": error_response,
                        "405": error_response,
                        "413": error_response,
                        "415": error_response,
                        "429": error_response,
                        "500": error_response,
                    },
                }
            },
            "/api/health": {
                "get": {
                    "summary": "Service status and index size",
                    "operationId": "health",
                    "responses": {
                        "200": {
                            "description": "The service is up.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Health"}}
                            },
                        },
                        "405": error_response,
                        "500": error_response,
                    },
                }
            },
            "/api/collection": {
                "get": {
                    "summary": "The collection: its title, documents and suggested questions",
                    "operationId": "collection",
                    "responses": {
                        "200": {
                            "description": "What the widget and the demo page show of the collection.",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Collection"}}
                            },
                        },
                        "405": error_response,
                        "500": error_response,
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "405": error_response,
                    },
                }
            },
        },
        "components": {
            "responses": {
                "Error": {
                    "description": "Any error: one shape for every 4xx and 5xx.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
            "schemas": {
                "ChatRequest": {
                    "type": "object",
                    "required": ["question"],
                    "properties": {
                        "question": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": config.max_question_chars,
                            "description": "Blank questions are rejected (400 empty_question); longer than "
                            f"{config.max_question_chars} characters, 413 question_too_long. Lone surrogates "
                            "are rejected (400 invalid_unicode).",
                        },
                        "history": {
                            "type": "array",
                            "maxItems": 20,
                            "description": "Earlier turns of the conversation, oldest first.",
                            "items": {
                                "type": "object",
                                "properties": {"question": {"type": "string"}, "answer": {"type": "string"}},
                                "additionalProperties": {"type": "string"},
                            },
                        },
                    },
                },
                "Answer": {
                    "type": "object",
                    "required": ["question", "answer", "abstained", "confidence", "citations"],
                    "properties": {
                        "question": {"type": "string"},
                        "answer": {"type": "string"},
                        "abstained": {"type": "boolean"},
                        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                        "answer_span": {"type": ["string", "null"]},
                        "kind": {"type": "string", "enum": ["answer", "abstained", "smalltalk"]},
                        "unmatched_terms": {"type": "array", "items": {"type": "string"}},
                        "citations": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}},
                        "parts": {"type": "array", "items": {"$ref": "#/components/schemas/AnswerPart"}},
                        "resolved_question": {"type": ["string", "null"]},
                        "near_miss": {"type": "array", "items": {"type": "string"}},
                        "answer_type": {"type": ["string", "null"], "enum": [*KINDS, None]},
                        "unmatched_specific": {"type": "array", "items": {"type": "string"}},
                        "unmatched_everyday": {"type": "array", "items": {"type": "string"}},
                        "signals": {"type": ["object", "null"], "additionalProperties": {"type": "number"}},
                    },
                },
                "AnswerPart": {
                    "type": "object",
                    "required": ["text", "span", "citation"],
                    "properties": {
                        "text": {"type": "string"},
                        "span": {"type": ["string", "null"]},
                        "citation": {"type": "integer", "minimum": 1},
                    },
                },
                "Citation": {
                    "type": "object",
                    "required": ["doc_id", "title", "url", "passage_id", "text", "score", "highlights"],
                    "properties": {
                        "doc_id": {"type": "string"},
                        "title": {"type": "string"},
                        "url": {"type": ["string", "null"]},
                        "publisher": {"type": ["string", "null"]},
                        "passage_id": {"type": "string"},
                        "text": {"type": "string"},
                        "score": {"type": "number"},
                        "highlights": {
                            "type": "array",
                            "items": {
                                "type": "array",
                                "items": {"type": "integer", "minimum": 0},
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
                        "start": {"type": "integer", "minimum": 0},
                        "end": {"type": "integer", "minimum": 0},
                        "short_title": {"type": "string", "description": "The title, shortened for a chip."},
                        "sentence": {
                            "type": ["array", "null"],
                            "items": {"type": "integer", "minimum": 0},
                            "minItems": 2,
                            "maxItems": 2,
                            "description": "[start, end] of the answer sentence quoted from this passage, "
                            "in `text`; null when the answer quotes none of it.",
                        },
                        "page": {
                            "type": ["integer", "null"],
                            "minimum": 1,
                            "description": "The page of a PDF the passage starts on (1 for the first); "
                            "null for a document without pages.",
                        },
                        "source_url": {
                            "type": "string",
                            "description": "Where the citation opens: `url` with a text fragment "
                            "(#:~:text=) quoting the answer sentence, or, for a document without a url, "
                            "askbio's view of it (/documents/<doc_id>?passage=...&sentence=START-END#p-...), "
                            "relative to the API's address.",
                        },
                    },
                },
                "Collection": {
                    "type": "object",
                    "required": ["title", "documents", "suggested_questions", "max_question_chars"],
                    "properties": {
                        "title": {"type": "string"},
                        "documents": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["doc_id", "title", "short_title", "view_url"],
                                "properties": {
                                    "doc_id": {"type": "string"},
                                    "title": {"type": "string"},
                                    "short_title": {"type": "string"},
                                    "publisher": {"type": ["string", "null"]},
                                    "date": {"type": ["string", "null"]},
                                    "url": {"type": ["string", "null"]},
                                    "view_url": {"type": "string"},
                                },
                            },
                        },
                        "suggested_questions": {"type": "array", "items": {"type": "string"}},
                        "max_question_chars": {"type": "integer", "minimum": 1},
                    },
                },
                "Health": {
                    "type": "object",
                    "required": ["status", "documents", "passages", "index_version"],
                    "properties": {
                        "status": {"type": "string", "enum": ["ok"]},
                        "version": {"type": "string"},
                        "documents": {"type": "integer", "minimum": 0},
                        "passages": {"type": "integer", "minimum": 0},
                        "index_version": {"type": ["string", "null"]},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "additionalProperties": False,
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "additionalProperties": False,
                            "properties": {
                                "code": {"type": "string", "examples": ERROR_CODES},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
            },
        },
    }
