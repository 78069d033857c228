// Small layout and language touches for Django's admin (loaded from admin/base_site.html).
(function () {
  'use strict';
  // The navigation sidebar starts closed, so that a list and its filter panel fit a 1366 px
  // laptop screen; the « button opens it and Django remembers that choice
  // (localStorage 'django.admin.navSidebarIsOpen', read by admin/js/nav_sidebar.js after this).
  var key = 'django.admin.navSidebarIsOpen';
  try {
    if (window.localStorage.getItem(key) === null) {
      window.localStorage.setItem(key, 'false');
    }
  } catch (e) {
    // Storage disabled: Django falls back to its own default.
  }

  // Django writes the yes/no icons' text alternative as the Python value ("True", "False",
  // "None"), which a screen reader reads out in English.
  var words = {True: 'Có', False: 'Không', None: 'Chưa rõ'};
  document.addEventListener('DOMContentLoaded', function () {
    var icons = document.querySelectorAll('img[src*="/admin/img/icon-"][alt]');
    for (var i = 0; i < icons.length; i++) {
      var alt = icons[i].getAttribute('alt');
      if (Object.prototype.hasOwnProperty.call(words, alt)) {
        icons[i].setAttribute('alt', words[alt]);
      }
    }
  });
})();
