/* The posters page: its print button (a file: the pages allow no inline script). */
document.getElementById("print").onclick = function () { window.print(); };
