// In-page driver: runs one player (hls.js, dash.js or Shaka) on the <video> element and reports to play.mjs
// through window.__emit (a Playwright binding) and window.__state() (polled).
/* global Hls, dashjs, shaka */
(() => {
  const cfg = window.__config;
  const video = document.getElementById('video');
  const state = {
    player: cfg.player,
    playerVersion: null,
    errors: [],
    fatal: false,
    fragments: 0,
    playerDuration: null,
    mssLoaded: false,
    started: false,
    endedEvent: false,
  };

  const emit = (kind, data) => {
    try {
      window.__emit(kind, data);
    } catch {
      // the binding is gone when the page is closing
    }
  };

  const error = (source, fatal, type, details, message, url) => {
    const entry = { source, fatal: !!fatal, type: stringOf(type), details: stringOf(details), message: stringOf(message) };
    if (url) entry.url = url;
    state.errors.push(entry);
    if (fatal) state.fatal = true;
    emit('error', entry);
  };

  const stringOf = (value) => {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.message;
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  };

  const hexToBase64Url = (hex) => {
    const bytes = new Uint8Array(hex.match(/../g).map((b) => parseInt(b, 16)));
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };

  const localLicenseUrl = () => new URL('/clearkey-license', location.href).toString();

  const applyRate = () => {
    if (cfg.playbackRate !== 1) {
      video.defaultPlaybackRate = cfg.playbackRate;
      video.playbackRate = cfg.playbackRate;
    }
  };

  const play = () => {
    applyRate();
    const promise = video.play();
    if (promise && promise.catch) {
      promise.catch((e) => error('video', false, 'play', e.name, e.message));
    }
  };

  video.muted = true;
  video.addEventListener('playing', () => {
    state.started = true;
    if (video.playbackRate !== cfg.playbackRate && cfg.player !== 'shaka') applyRate();
  });
  video.addEventListener('ended', () => {
    state.endedEvent = true;
    emit('ended', { currentTime: video.currentTime, duration: video.duration });
  });
  video.addEventListener('error', () => {
    const e = video.error;
    error('video', true, 'MediaError', e ? e.code : null, e ? e.message : 'media element error');
  });

  window.__state = () => ({
    ...state,
    currentTime: video.currentTime,
    duration: video.duration,
    paused: video.paused,
    ended: video.ended,
    readyState: video.readyState,
    playbackRate: video.playbackRate,
    buffered: Array.from({ length: video.buffered.length }, (_, i) => [video.buffered.start(i), video.buffered.end(i)]),
  });

  const runHls = () => {
    state.playerVersion = Hls.version;
    if (!Hls.isSupported()) {
      error('hls', true, 'unsupported', 'Hls.isSupported() is false', 'MSE not available');
      return;
    }
    const config = { enableWorker: true, debug: false };
    if (cfg.clearkey || cfg.licenseUrl) {
      config.emeEnabled = true;
      config.drmSystems = { 'org.w3.clearkey': { licenseUrl: cfg.licenseUrl || localLicenseUrl() } };
      config.licenseXhrSetup = (xhr, url) => {
        xhr.open('POST', url, true);
        for (const [name, value] of Object.entries(cfg.keyHeaders)) xhr.setRequestHeader(name, value);
      };
    }
    const wantsHeaders = Object.keys(cfg.keyHeaders).length > 0 || Object.keys(cfg.allHeaders).length > 0;
    if (wantsHeaders) {
      // hls.js passes the loader context; key loads carry context.keyInfo (AES-128 key URIs).
      config.xhrSetup = (xhr, url, context) => {
        const headers = { ...cfg.allHeaders, ...(context && context.keyInfo ? cfg.keyHeaders : {}) };
        if (Object.keys(headers).length === 0) return;
        xhr.open('GET', url, true);
        for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      };
    }
    const hls = new Hls(config);
    window.__hls = hls;
    hls.on(Hls.Events.ERROR, (_, data) => {
      const url = (data.frag && data.frag.url) || (data.context && data.context.url) || data.url;
      const code = data.response && data.response.code ? `HTTP ${data.response.code}` : null;
      error('hls', data.fatal, data.type, data.details, code || (data.error && data.error.message) || data.reason, url);
    });
    hls.on(Hls.Events.FRAG_LOADED, () => {
      state.fragments++;
    });
    hls.on(Hls.Events.LEVEL_LOADED, (_, data) => {
      state.playerDuration = data.details.totalduration;
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => play());
    hls.attachMedia(video);
    hls.loadSource(cfg.url);
  };

  const runDash = () => {
    state.mssLoaded = typeof dashjs.MssHandler === 'function';
    const player = dashjs.MediaPlayer().create();
    state.playerVersion = player.getVersion();
    window.__dash = player;
    player.updateSettings({ debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING } });
    if (cfg.clearkey || cfg.licenseUrl) {
      const data = {};
      if (cfg.clearkey) {
        data.clearkeys = { [hexToBase64Url(cfg.clearkey.kid)]: hexToBase64Url(cfg.clearkey.key) };
      }
      if (cfg.licenseUrl) data.serverURL = cfg.licenseUrl;
      if (Object.keys(cfg.keyHeaders).length) data.httpRequestHeaders = { ...cfg.keyHeaders };
      player.setProtectionData({ 'org.w3.clearkey': data });
    }
    if (Object.keys(cfg.allHeaders).length) {
      player.addRequestInterceptor((request) => {
        request.headers = { ...(request.headers || {}), ...cfg.allHeaders };
        return Promise.resolve(request);
      });
    }
    player.on('error', (e) => {
      const err = e.error || e;
      error('dash', true, 'error', err.code, err.message || stringOf(err.data));
    });
    player.on('playbackError', (e) => error('dash', true, 'playbackError', e.error && e.error.code, e.error && e.error.message));
    player.on('fragmentLoadingCompleted', (e) => {
      if (e.request && e.request.type === 'MediaSegment') state.fragments++;
    });
    player.on('streamInitialized', () => {
      state.playerDuration = player.duration();
      applyRate();
    });
    player.on('canPlay', () => applyRate());
    player.initialize(video, cfg.url, true);
  };

  const runShaka = async () => {
    shaka.polyfill.installAll();
    state.playerVersion = shaka.Player.version;
    if (!shaka.Player.isBrowserSupported()) {
      error('shaka', true, 'unsupported', 'isBrowserSupported() is false', null);
      return;
    }
    const codeNames = Object.fromEntries(Object.entries(shaka.util.Error.Code).map(([k, v]) => [v, k]));
    const categoryNames = Object.fromEntries(Object.entries(shaka.util.Error.Category).map(([k, v]) => [v, k]));
    const report = (e) => {
      const uri = Array.isArray(e.data) ? e.data.find((d) => typeof d === 'string' && /^(https?|data):/.test(d)) : undefined;
      error('shaka', e.severity === shaka.util.Error.Severity.CRITICAL, categoryNames[e.category] || e.category,
        `${codeNames[e.code] || ''} (${e.code})`, stringOf(e.data), uri);
    };
    const player = new shaka.Player();
    window.__shaka = player;
    await player.attach(video);
    const drm = {};
    if (cfg.clearkey) drm.clearKeys = { [cfg.clearkey.kid]: cfg.clearkey.key };
    if (cfg.licenseUrl) drm.servers = { 'org.w3.clearkey': cfg.licenseUrl };
    player.configure({ drm });
    player.addEventListener('error', (event) => report(event.detail));
    const net = player.getNetworkingEngine();
    const types = shaka.net.NetworkingEngine.RequestType;
    net.registerRequestFilter((type, request) => {
      Object.assign(request.headers, cfg.allHeaders);
      if (type === types.LICENSE || type === types.KEY) Object.assign(request.headers, cfg.keyHeaders);
    });
    net.registerResponseFilter((type) => {
      if (type === types.SEGMENT) state.fragments++;
    });
    try {
      await player.load(cfg.url);
    } catch (e) {
      if (e && e.code !== undefined) {
        if (!state.errors.some((x) => x.details && x.details.endsWith(`(${e.code})`))) report({ ...e, severity: shaka.util.Error.Severity.CRITICAL });
        state.fatal = true;
      } else {
        error('shaka', true, 'load', null, stringOf(e));
      }
      return;
    }
    const range = player.seekRange();
    state.playerDuration = range.end;
    if (cfg.playbackRate !== 1) player.trickPlay(cfg.playbackRate, false);
    play();
  };

  const run = { hls: runHls, dash: runDash, shaka: runShaka }[cfg.player];
  Promise.resolve()
    .then(run)
    .catch((e) => error(cfg.player, true, 'exception', e && e.name, e && (e.stack || e.message)));
})();
