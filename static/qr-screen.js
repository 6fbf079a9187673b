// qr-screen.js: the organiser's sign-in/sign-out screen reloads itself
// every minute so the code shown is always the current one (the codes
// change every minute). Without script the page says to reload it by hand.
'use strict';
setTimeout(function () { window.location.reload(); }, 60000);
