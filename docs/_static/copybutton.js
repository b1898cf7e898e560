// A "copy" button on every code block. What is copied is what a reader would type: prompts
// (">>> ", "... ", "$ ") and the output shown after them are left out, so a pasted example runs.
"use strict";
(function () {
  function codeOf(pre) {
    const copy = pre.cloneNode(true);
    const prompts = copy.querySelectorAll(".gp");
    copy.querySelectorAll(".gp, .go").forEach((node) => node.remove());
    let text = copy.textContent;
    if (prompts.length) {
      // the lines left empty where only output was
      text = text.split("\n").filter((line) => line.trim() !== "").join("\n") + "\n";
    }
    return text;
  }

  function addButton(block) {
    const pre = block.querySelector("pre");
    if (pre === null) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code";
    button.textContent = "copy";
    button.setAttribute("aria-label", "Copy this code");
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(codeOf(pre)).then(
        () => { button.textContent = "copied"; },
        () => { button.textContent = "select and copy"; },
      );
      setTimeout(() => { button.textContent = "copy"; }, 2000);
    });
    block.classList.add("has-copy-code");
    block.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("div.highlight").forEach(addButton);
  });
})();
