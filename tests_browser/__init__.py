"""Browser tests: every notebook in JupyterLab, the playground, and the Voila app, in headless Chromium.

Run with ``make test-browser``; kept out of ``tests/`` so ``make unit`` does not collect them.
"""
