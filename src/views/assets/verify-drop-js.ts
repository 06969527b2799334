/**
 * /static/verify-drop.js for the public page: hashes a dropped or chosen file with WebCrypto
 * (SubtleCrypto.digest, SHA-256) and compares it with the page's hashes. Nothing is uploaded.
 * The result is written with textContent only, never as markup. WebCrypto exists only in secure
 * contexts (https or localhost), which the page says when it is missing.
 */
export const VERIFY_DROP_JS = `'use strict';
(function () {
  var zone = document.getElementById('drop-zone');
  var input = document.getElementById('drop-input');
  var result = document.getElementById('drop-result');
  if (!zone || !input || !result) return;
  var signed = zone.getAttribute('data-sha256-signed');
  var original = zone.getAttribute('data-sha256-original');

  function show(kind, zh, en) {
    result.className = 'drop-result ' + kind;
    result.textContent = zh + ' ' + en;
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
  }

  function check(file) {
    if (!file) return;
    if (!window.crypto || !window.crypto.subtle) {
      show('mismatch', '此浏览器在当前连接下无法计算哈希（需要 HTTPS）。', 'This browser cannot hash files on this connection (HTTPS is required).');
      return;
    }
    show('', '正在计算……', 'Hashing…');
    file.arrayBuffer().then(function (bytes) {
      return window.crypto.subtle.digest('SHA-256', bytes);
    }).then(function (digest) {
      var h = hex(digest);
      if (h === signed) show('match', '一致：这正是本服务签发的文件。', 'Match: this is exactly the file this service issued.');
      else if (h === original) show('match', '这是签署前的原始文件，不带签名。', 'This is the original before signing, without the signature.');
      else show('mismatch', '不一致：此文件不是本服务签发的文件（SHA-256 ' + h + '）。', 'No match: this is not the file this service issued (SHA-256 ' + h + ').');
    }, function () {
      show('mismatch', '无法读取此文件。', 'The file could not be read.');
    });
  }

  input.addEventListener('change', function () { check(input.files && input.files[0]); });
  zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('drag-over'); });
  zone.addEventListener('dragleave', function () { zone.classList.remove('drag-over'); });
  zone.addEventListener('drop', function (e) {
    e.preventDefault();
    zone.classList.remove('drag-over');
    check(e.dataTransfer && e.dataTransfer.files[0]);
  });
})();
`;
