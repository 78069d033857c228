// The public site's folding menu on a phone. Loaded in <head> (not deferred) so that the
// "js" class is on <html> before the header is drawn: the menu folds without a flash, and
// without scripts it simply stays open (site.css keys every folding rule on .js).
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  document.addEventListener('DOMContentLoaded', function () {
    var header = document.querySelector('.site-header');
    var button = header && header.querySelector('.menu-toggle');
    if (!button) {
      return;
    }
    button.addEventListener('click', function () {
      var open = header.classList.toggle('menu-open');
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) {
        var search = document.getElementById('header-q');
        if (search) {
          search.focus();
        }
      }
    });
  });
})();
