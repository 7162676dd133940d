"""Schemathesis hooks for scripts/api-conformance.sh."""
import schemathesis

# EDN bodies (POST /histories) are text.
schemathesis.serializer.alias("application/edn", "text/plain")

# An array may have up to 1,048,576 registers on up to 9 replicas, which takes about 1 GB of memory
# on a debug build: more than a short run on a shared machine should use. Sizes above 1024 that are
# valid stay valid (1024); invalid sizes (0, 65537, "x") are left as generated.
MAX_SIZE_IN_RUN = 1024


@schemathesis.hook
def before_call(context, case, kwargs):
    body = case.body
    if (case.operation.method.upper() == "POST" and case.operation.path == "/arrays" and isinstance(body, dict)
            and type(body.get("size")) is int and MAX_SIZE_IN_RUN < body["size"] <= 1048576):
        case.body = dict(body, size=MAX_SIZE_IN_RUN)


# A text or EDN body is bytes: a "schema-violating" one (a number where a string was expected)
# reaches the server as text all the same, and text whose lines are not events is an empty history.
@schemathesis.hook
def filter_failure(context, failure, case, response):
    return not (
        failure.code == "ST201"
        and case.operation.path == "/histories"
        and case.media_type in ("text/plain", "application/edn")
        and "in body" in failure.message
    )
