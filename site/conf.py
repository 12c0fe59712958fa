"""Sphinx configuration of the course site (``make site``; tools/build_site.py stages the sources).

The notebooks are rendered from their stored outputs and never executed. Everything the pages
load is served from the site itself: MathJax from ``_static/mathjax`` (a trimmed copy that
tools/build_site.py puts there), no ipywidgets JavaScript (the playground's still picture shows
instead), no fonts or scripts from a CDN.
"""

import sys
from pathlib import Path

from docutils import nodes
from pylatexenc.latex2text import LatexNodes2Text

# The site's own Sphinx extension modules (the usual place for a project's local extensions).
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "lecnn: 深層ニューラルネットワーク"
author = "lecnn developers"
copyright = "lecnn developers"
language = "ja"
# Japanese search: Sphinx's splitter, plus compound words (site/_ext/lecnn_search.py).
html_search_options = {"type": "lecnn_search.CompoundSplitter"}

extensions = [
    "myst_nb",
    "sphinx_design",  # dropdowns are <details> elements: the answers fold without JavaScript
    "sphinx.ext.githubpages",  # writes .nojekyll, so GitHub Pages serves _static/ as it is
]
exclude_patterns = ["_build", "_include/**"]

# MyST-NB: the stored outputs, as they are.
nb_execution_mode = "off"
# No widget JavaScript from a CDN: a widget view renders nothing, the still picture beside it shows.
nb_ipywidgets_js = {}
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3
# Headings inside a folded answer become rubrics (a dropdown cannot hold a section).
suppress_warnings = ["myst.nested_header"]

# MathJax 3, served from the site.
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {
    # The accessibility explorer would load the speech-rule engine, which the site leaves out.
    "options": {"menuOptions": {"settings": {"explorer": False}}},
}

html_theme = "sphinx_book_theme"
html_title = "lecnn: 深層ニューラルネットワーク"
html_static_path = ["_static"]
html_css_files = ["lecnn-site.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}


# A heading with math (04, 05) would put raw TeX into the browser's title bar and the search
# results' titles: there the formulas become Unicode text (pylatexenc); MathJax typesets the page.
def _plain_longtitle(app, doctree):
    docname = app.env.docname
    title = app.env.longtitles.get(docname)
    if title is None or not list(title.findall(nodes.math)):
        return
    to_text = LatexNodes2Text()
    parts = []
    for node in title.findall(lambda n: isinstance(n, nodes.Text | nodes.math)):
        if isinstance(node, nodes.math):
            tex = node.astext().replace(r"\dfrac", r"\frac").replace(r"\tfrac", r"\frac")
            parts.append(to_text.latex_to_text(tex))
        elif not isinstance(node.parent, nodes.math):
            parts.append(node.astext())
    app.env.longtitles[docname] = nodes.title("", "".join(parts))


def setup(app):
    # MathJax on every page: the navigation shows the notebooks' titles, some with formulas.
    app.set_html_assets_policy("always")
    # After Sphinx's own title collector (priority 500).
    app.connect("doctree-read", _plain_longtitle, priority=900)
