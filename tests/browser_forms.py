"""What a browser posts back from a page's form, for tests that post edit forms.

Edit forms (the portal's and the admin's change forms) carry a lock token (common.locking): a test
obtains it as a browser does, from the page it GETs. ``with_lock(client, url, data)`` adds the
token of the page at URL to DATA; ``browser_data(response)`` is everything the page's form would
post unchanged (its inputs, selects and textareas, the token included)."""
from html.parser import HTMLParser

from common.locking import LOCK_FIELD

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _Forms(HTMLParser):
    """The successful controls of every <form> of a page, as (name, value) pairs in page order."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._form = None
        self._select = None  # (name, multiple, options: [(value, selected)])
        self._option = None  # [value or None, text, selected]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = []
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.append((name, attrs.get("value") or "on"))
                return
            self._form.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [])
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, text, selected = self._option
            self._select[2].append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            self._form.extend((name, value) for value in (chosen if multiple else chosen[-1:]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form.append((name, text[1:] if text.startswith("\n") else text))  # as browsers read it
            self._textarea = None
        elif tag == "form":
            self._form = None


def browser_data(response, containing: str = LOCK_FIELD) -> dict:
    """What the browser posts from the page's form holding the field CONTAINING (the edit form):
    {name: value}, a list where a name repeats (a multiple select)."""
    parser = _Forms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        if any(name == containing for name, _ in form):
            data: dict = {}
            for name, value in form:
                if name in data:
                    data[name] = [*data[name], value] if isinstance(data[name], list) else [data[name], value]
                else:
                    data[name] = value
            return data
    raise AssertionError(f"the page has no form with a field {containing!r}")


def lock_token(response) -> str:
    """The lock token of the edit form on the page."""
    return browser_data(response)[LOCK_FIELD]


def with_lock(client, url: str, data: dict) -> dict:
    """DATA with the lock token of the edit page at URL, taken as a browser would (GET, then post)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return {**data, LOCK_FIELD: lock_token(response)}
