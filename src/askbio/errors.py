"""The errors askbio raises: each knows its HTTP status, its exit code and a stable code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of the askbio command (documented in the README)."""

    OK = 0
    ERROR = 1  # unexpected internal error
    USAGE = 2  # bad invocation (Click's own code for usage errors)
    BAD_INPUT = 3  # the question or a question file is not acceptable
    CORPUS = 4  # the corpus could not be read or is empty
    INDEX = 5  # the index could not be built or loaded
    BELOW_THRESHOLD = 6  # askbio eval: a metric is below its threshold
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as the shell reports it)
    BROKEN_PIPE = 141  # the output was closed early (128 + SIGPIPE, as for other Unix tools)


class AskbioError(Exception):
    """Base class: a problem the user can act on, reported without a traceback."""

    code = "error"
    status = 500
    exit_code = ExitCode.ERROR

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def to_dict(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": self.code, "message": self.message}}


class BadRequest(AskbioError):
    """The request or question is malformed (empty, wrong type, invalid JSON...)."""

    code = "bad_request"
    status = 400
    exit_code = ExitCode.BAD_INPUT


class QuestionTooLong(BadRequest):
    code = "question_too_long"
    status = 413


class CorpusError(AskbioError):
    """The corpus folder is missing, unreadable, or yields no passages."""

    code = "corpus_error"
    status = 500
    exit_code = ExitCode.CORPUS


class UnreadableDocument(CorpusError):
    """A corpus file whose format askbio reads cannot be read (encrypted, damaged, no text)."""

    code = "corpus_file_rejected"


class IndexFileError(AskbioError):
    """The saved index is missing, damaged or was written by another version."""

    code = "index_error"
    status = 500
    exit_code = ExitCode.INDEX


class NotFittedError(AskbioError):
    """An index was used before fit() or load()."""

    code = "not_fitted"
    exit_code = ExitCode.INDEX


class AddressUnavailable(AskbioError):
    """askbio serve cannot listen on the address it was given (in use, not allowed, not local)."""

    code = "address_unavailable"
    exit_code = ExitCode.USAGE


class BadSetting(AskbioError):
    """A setting (an ASKBIO_* variable or its option) has a value of the wrong kind."""

    code = "bad_setting"
    exit_code = ExitCode.USAGE
