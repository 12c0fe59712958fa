"""The panel's 「逆伝播を見る」 view: its toggle, step buttons and sample, wired to a panel.

While it is on, the diagram shows one training sample's forward pass z_k and backward
pass δ_k one stage at a time (``backprop.stages``), drawn by ``Views.backprop_view``;
Play turns it off and it pauses Play.
"""

import numpy as np

from lecnn.playground import backprop


class BackpropView:
    """The 「逆伝播を見る」 widgets of ``panel`` and what they do.

    Attributes
    ----------
    stage : int
        Position in ``backprop.stages(r)``.
    chosen : bool
        Whether the student chose the sample (else it starts from the worst one).
    """

    def __init__(self, panel):
        self.panel = panel
        self.stage = 0
        self.chosen = False
        panel.backprop_toggle.observe(self._on_toggle, names="value")
        panel.backprop_sample.observe(self._on_sample, names="value")
        panel.backprop_prev.on_click(lambda _b: self.step(-1))
        panel.backprop_next.on_click(lambda _b: self.step(1))
        panel.backprop_worst.on_click(lambda _b: self.worst_sample())

    @property
    def on(self):
        return self.panel.backprop_toggle.value

    def step(self, delta=1):
        """The next (``delta`` = 1) or previous (-1) stage; turns the view on at its first."""
        n = len(backprop.stages(self.panel.engine.net.r))
        if not self.on:
            self.panel.backprop_toggle.value = True  # its observer draws stage 0
            return
        self.stage = min(max(self.stage + delta, 0), n - 1)
        self.show()

    def worst_sample(self):
        """Follow the training sample with the largest E now; turns the view on if it was off."""
        p = self.panel
        self.chosen = True
        p.controls.set_quietly(p.backprop_sample, p.engine.worst_sample())
        if self.on:
            self.show()
        else:
            p.backprop_toggle.value = True

    def _on_toggle(self, change):
        p = self.panel
        if p.controls.syncing:
            return
        if change["new"]:
            p.pause()
            self.stage = 0
            if not self.chosen:  # start from a sample the network gets visibly wrong
                p.controls.set_quietly(p.backprop_sample, p.engine.worst_sample())
            self.show()
        else:
            p.request_redraw()

    def _on_sample(self, change):
        if self.panel.controls.syncing:
            return
        self.chosen = True
        if self.on:
            self.show()

    def show(self):
        """Draw the current stage on the diagram, with its caption."""
        p, e = self.panel, self.panel.engine
        with e.single_thread_blas(), np.errstate(all="ignore"):
            index = min(p.backprop_sample.value, len(e.X_train) - 1)
            html, caption = p.views.backprop_view(e, index, self.stage)
        p.diagram.value, p.backprop_caption.value = html, caption
        p.backprop_caption.layout.display = None
        p.editor.show(False)  # its caption takes the weight box's place
        n = len(backprop.stages(e.net.r))
        p.backprop_prev.disabled = self.stage == 0
        p.backprop_next.disabled = self.stage == n - 1

    def idle(self):
        """The view is off: its caption gives way to the weight box (the toggle's tooltip says
        what the view shows)."""
        p = self.panel
        p.backprop_caption.value = ""
        p.backprop_caption.layout.display = "none"
        p.editor.show(True)
        p.backprop_prev.disabled = p.backprop_next.disabled = False
