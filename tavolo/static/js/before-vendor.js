// Runs before Bootstrap Italia: its bundled video player would inject <style> elements,
// which the Content-Security-Policy forbids (and Tavolo shows no videos).
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
