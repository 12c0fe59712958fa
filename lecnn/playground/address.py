"""The app's address follows the panel's settings, so copying it shares the setup.

As on playground.tensorflow.org: ``follow(panel)`` returns a small invisible widget
whose front end writes ``?state=...`` (``state.to_query``) into the page's address with
``history.replaceState`` whenever the panel's settings change; the page does not reload
and the browser's history does not grow. The app (app/playground.ipynb, served by
Voilà) shows it; 08 does not, so JupyterLab's own address is left alone.
"""

from urllib.parse import quote

import anywidget
import traitlets

from lecnn.playground.state import to_query


class Address(anywidget.AnyWidget):
    """Writes ``query`` into the page's address (after "?"), replacing what was there."""

    _esm = """
    function render({ model, el }) {
      const apply = () => {
        const query = model.get("query");
        if (query && window.location.search !== "?" + query) {
          window.history.replaceState(window.history.state, "", "?" + query);
        }
      };
      apply();
      model.on("change:query", apply);
    }
    export default { render };
    """
    query = traitlets.Unicode("").tag(sync=True)

    def __repr__(self):
        # the text form a front end without widgets shows: short, not the whole query
        return "Address(?state=…)"


def follow(panel):
    """An ``Address`` that keeps the page's address at ``panel``'s settings.

    Parameters
    ----------
    panel : lecnn.playground.Panel

    Returns
    -------
    Address
        Show it (it takes no room) next to the panel.
    """
    address = Address(query=to_query(panel.engine.settings))
    address.add_class("lecnn-address")

    def update(change):
        address.query = "state=" + quote(change["new"], safe="")

    panel.state_text.observe(update, names="value")
    return address
