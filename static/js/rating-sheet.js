/* The cell's rating sheet: count HTXSNV against the quota share of HTTNV while levels are chosen,
 * so the 20% warning is seen before saving (Hướng dẫn 21-HD/BTCTW). A file, not an inline
 * script: the site's CSP is script-src 'self'. Without JavaScript the "Kiểm tra" button does the same. */
(function () {
  "use strict";
  var box = document.getElementById("rating-quota");
  var sheet = document.querySelector("table.rate-cell-sheet");
  if (!box || !sheet) {
    return;
  }
  var share = parseFloat(box.getAttribute("data-quota")) || 0.2;
  var percent = Math.round(share * 100);

  function memberSelects() {
    return sheet.querySelectorAll("tbody tr:not(.rate-cell-row-cell) select[name^='level_']");
  }

  function update() {
    var excellent = 0;
    var good = 0;
    memberSelects().forEach(function (select) {
      if (select.value === "htxsnv") {
        excellent += 1;
      } else if (select.value === "httnv") {
        good += 1;
      }
    });
    var allowed = Math.floor(share * good + 1e-9);
    var text = "Đang chọn " + excellent + " HTXSNV và " + good + " HTTNV: HTXSNV tối đa " + allowed +
      " (" + percent + "% số HTTNV).";
    var over = excellent > 0 && excellent > allowed;
    if (over) {
      text += " Vượt tỷ lệ: hãy xem lại trước khi lưu.";
    }
    box.textContent = text;
    box.classList.toggle("rating-quota-over", over);
  }

  box.hidden = false;
  sheet.addEventListener("change", update);
  update();
})();
