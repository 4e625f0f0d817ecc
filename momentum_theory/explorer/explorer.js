// The momentum explorer's script: exact rates, direct simulation, and the page's state.
//
// Written once here and inlined into every page by momentum_theory/explorer/page.py.
// What it computes itself, each a port of the package's code that the tests compare with
// the package (tests/explorer/test_browser.py):
//   - each method's map onto the two-step family (Method._map, same float64 operations);
//   - the spectral radius of lambda^2 - T lambda + D, exactly as the package's careful
//     path does it (momentum_theory/_kernels.py: T and D summed exactly by expansion
//     arithmetic, the quadratic formula in double-double), so the displayed rate matches
//     worst_case_rate to about 1e-15 relative everywhere, on the critical curves too;
//   - the iterates, by each method's own update rule (momentum_theory/methods/*.py), and
//     ||A^t||_2 by repeated multiplication of the family's companion matrix.
// Everything else the page shows (heatmaps, boundary, critical curves, optima) is data
// computed by the package and embedded in the page (the "explorer-data" script element).
(function () {
  "use strict";

  // ------------------------------------------------------------------------------------
  // Exact arithmetic: a port of momentum_theory._kernels (TwoSum, TwoProduct, Shewchuk's
  // expansion sum, double-double). JavaScript numbers are IEEE doubles and no operation
  // is fused, so these error-free transformations hold as they do in the compiled kernel.

  const SPLITTER = 134217729.0; // 2**27 + 1
  const bits = new DataView(new ArrayBuffer(8));

  function pow2(e) {
    // 2**e exactly, for integer e in [-1022, 1023].
    bits.setUint32(0, (e + 1023) * 1048576);
    bits.setUint32(4, 0);
    return bits.getFloat64(0);
  }

  function ldexp(x, e) {
    while (e > 1023) {
      x *= pow2(1023);
      e -= 1023;
    }
    while (e < -1022) {
      x *= pow2(-1022);
      e += 1022;
    }
    return x * pow2(e);
  }

  function frexp(x) {
    // [m, e] with x = m 2**e, 0.5 <= |m| < 1 (Python's math.frexp).
    if (x === 0 || !Number.isFinite(x)) return [x, 0];
    let extra = 0;
    if (Math.abs(x) < pow2(-1022)) {
      x *= pow2(64);
      extra = -64;
    }
    bits.setFloat64(0, x);
    const exponent = ((bits.getUint16(0) >>> 4) & 0x7ff) - 1022;
    return [ldexp(x, -exponent), exponent + extra];
  }

  function twoSum(a, b) {
    const s = a + b;
    const bb = s - a;
    return [s, a - (s - bb) + (b - bb)];
  }

  function fastTwoSum(a, b) {
    const s = a + b;
    return [s, b - (s - a)];
  }

  function split(a) {
    const c = SPLITTER * a;
    const high = c - (c - a);
    return [high, a - high];
  }

  function twoProduct(a, b) {
    const shift = Math.floor((frexp(a)[1] - frexp(b)[1]) / 2);
    a = ldexp(a, -shift);
    b = ldexp(b, shift);
    const p = a * b;
    const [aHigh, aLow] = split(a);
    const [bHigh, bLow] = split(b);
    return [p, aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow];
  }

  function ddAdd(xHigh, xLow, yHigh, yLow) {
    let [s, e] = twoSum(xHigh, yHigh);
    const [t, f] = twoSum(xLow, yLow);
    [s, e] = fastTwoSum(s, e + t);
    return fastTwoSum(s, e + f);
  }

  function ddMultiply(xHigh, xLow, yHigh, yLow) {
    const [p, e] = twoProduct(xHigh, yHigh);
    return fastTwoSum(p, e + (xHigh * yLow + xLow * yHigh));
  }

  function ddSqrt(high, low) {
    if (high <= 0) return [0, 0];
    const root = Math.sqrt(high);
    const [p, e] = twoProduct(root, root);
    return fastTwoSum(root, (high - p - e + low) / (2 * root));
  }

  function expansionSum(terms) {
    // The exact sum of terms, rounded to a double-double (overwrites terms).
    const n = terms.length;
    for (let k = 1; k < n; k++) {
      let carry = terms[k];
      for (let i = 0; i < k; i++) [carry, terms[i]] = twoSum(carry, terms[i]);
      terms[k] = carry;
    }
    let high = 0;
    let low = 0;
    for (let i = 0; i < n; i++) {
      const [s, e] = twoSum(high, terms[i]);
      [high, low] = fastTwoSum(s, e + low);
    }
    return [high, low];
  }

  function exactTraceDeterminant(alpha, beta, h, gamma) {
    // T = 1 + beta - alpha h (1 + gamma) and D = beta - alpha h gamma as double-doubles.
    const [product, productError] = twoProduct(alpha, h);
    const [scaled, scaledError] = twoProduct(gamma, product);
    const [scaledLow, scaledLowError] = twoProduct(gamma, productError);
    const determinant = [beta, -scaled, -scaledError, -scaledLow, -scaledLowError];
    const trace = [1, -product, -productError, ...determinant];
    return [...expansionSum(trace), ...expansionSum(determinant)];
  }

  function roots(alpha, beta, h, gamma) {
    // The spectral radius of lambda^2 - T lambda + D, and the sign of T^2/4 - D.
    if ([alpha, beta, h, gamma].some(Number.isNaN)) return { rho: NaN, regime: "undefined" };
    let [tHigh, tLow, dHigh, dLow] = exactTraceDeterminant(alpha, beta, h, gamma);
    if (![tHigh, dHigh].every(Number.isFinite)) return { rho: Infinity, regime: "undefined" };
    const exponent = frexp(Math.max(0.5 * Math.abs(tHigh), Math.sqrt(Math.abs(dHigh))))[1];
    let halfHigh = ldexp(tHigh, -exponent - 1);
    let halfLow = ldexp(tLow, -exponent - 1);
    dHigh = ldexp(dHigh, -2 * exponent);
    dLow = ldexp(dLow, -2 * exponent);
    const [squareHigh, squareLow] = ddMultiply(halfHigh, halfLow, halfHigh, halfLow);
    const [qHigh, qLow] = ddAdd(squareHigh, squareLow, -dHigh, -dLow);
    let rho;
    if (qHigh >= 0) {
      if (halfHigh < 0) [halfHigh, halfLow] = [-halfHigh, -halfLow];
      const [rootHigh, rootLow] = ddSqrt(qHigh, qLow);
      rho = ddAdd(halfHigh, halfLow, rootHigh, rootLow)[0];
    } else {
      rho = ddSqrt(dHigh, dLow)[0];
    }
    // A double root: T^2/4 = D up to the rounding of the parameters (1e-12 relative).
    const scale = squareHigh + Math.abs(dHigh);
    let regime = qHigh > 0 ? "real" : "complex";
    if (Math.abs(qHigh) <= 1e-12 * scale) regime = "double";
    return { rho: ldexp(rho, exponent), regime };
  }

  // ------------------------------------------------------------------------------------
  // The methods: family maps and update rules, as in momentum_theory/methods/*.py.

  const MAPS = {
    gradient_descent: (p) => [p.alpha, 0, 0, 0],
    heavy_ball: (p) => [p.alpha, p.beta, 0, 0],
    nesterov: (p) => [p.alpha, p.beta, p.beta, 0],
    two_step: (p) => [p.alpha, p.beta, p.gamma, 0],
    qhm: (p) => [p.alpha * (1 - p.beta), p.beta, (p.beta * (1 - p.nu)) / (1 - p.beta), 0],
    pytorch_sgd: (p) =>
      p.nesterov
        ? [p.lr, p.momentum, p.momentum, p.weight_decay]
        : [p.momentum === 0 ? p.lr : p.lr * (1 - p.dampening), p.momentum, 0, p.weight_decay],
  };

  // One step on f = h x^2 / 2 of each method's own rule: state [x, x_previous or buffer].
  const RULES = {
    gradient_descent: ([x], h, p) => [x - p.alpha * (h * x), x],
    heavy_ball: ([x, previous], h, p) => [x - p.alpha * (h * x) + p.beta * (x - previous), x],
    nesterov: ([x, previous], h, p) => {
      const y = x + p.beta * (x - previous);
      return [y - p.alpha * (h * y), x];
    },
    two_step: ([x, previous], h, p) => {
      const y = x + p.gamma * (x - previous);
      return [x + p.beta * (x - previous) - p.alpha * (h * y), x];
    },
    qhm: ([x, buffer], h, p) => {
      const g = h * x;
      const next = p.beta * buffer + (1 - p.beta) * g;
      return [x - p.alpha * ((1 - p.nu) * g + p.nu * next), next];
    },
    pytorch_sgd: ([x, buffer], h, p, first) => {
      const g = h * x + p.weight_decay * x;
      const next = first ? g : p.momentum * buffer + (1 - p.dampening) * g;
      let step = p.nesterov ? g + p.momentum * next : next;
      if (p.momentum === 0) step = g;
      return [x - p.lr * step, next];
    },
  };

  function family(method, params) {
    const [alpha, beta, gamma, shift] = MAPS[method](params);
    return { alpha, beta, gamma, shift };
  }

  function spectralRadius(method, params, h) {
    const f = family(method, params);
    return roots(f.alpha, f.beta, h + f.shift, f.gamma).rho;
  }

  function worstCase(method, params, mu, L) {
    // max over h in [mu, L] of rho, attained at an end (family.worst_case_rate).
    const f = family(method, params);
    const low = roots(f.alpha, f.beta, mu + f.shift, f.gamma);
    const high = roots(f.alpha, f.beta, L + f.shift, f.gamma);
    const rate = Math.max(low.rho, high.rho);
    const end = high.rho >= low.rho ? "L" : "mu";
    return { rate, end, mu: low, L: high };
  }

  function simulate(method, params, curvatures, start, steps) {
    // x_t on f = sum_i h_i x_i^2 / 2 from rest at start, t = 0..steps, by the method's
    // rule in float64 (simulate.run with a vector Q does the same operations).
    const rule = RULES[method];
    // The second state component: a buffer starts at 0, a previous iterate at the start.
    const states = start.map((x) => [x, METHODS[method].buffered ? 0 * x : x]);
    const iterates = [start.slice()];
    for (let t = 1; t <= steps; t++) {
      for (let i = 0; i < states.length; i++) {
        states[i] = rule(states[i], curvatures[i], params, t === 1);
      }
      iterates.push(states.map((s) => s[0]));
    }
    return iterates;
  }

  function largestSingularValue(a, b, c, d) {
    return 0.5 * (Math.hypot(a + d, b - c) + Math.hypot(a - d, b + c));
  }

  function powerNorms(method, params, curvatures, steps) {
    // ||A^t||_2, t = 0..steps, of the block-diagonal state matrix of the family on
    // f = sum_i h_i x_i^2 / 2: the largest over the curvatures of the 2 x 2 companion
    // matrix's (family.companion_matrix) power, by repeated multiplication with
    // exact power-of-two rescaling (no overflow on the way).
    const f = family(method, params);
    const norms = new Array(steps + 1).fill(1);
    const logNorms = new Array(steps + 1).fill(0);
    for (const h of curvatures) {
      const hs = h + f.shift;
      const T = 1.0 + f.beta - f.alpha * hs * (1.0 + f.gamma);
      const D = -(f.beta - f.alpha * hs * f.gamma);
      let [p, q, r, s] = [1, 0, 0, 1];
      let exponent = 0;
      for (let t = 1; t <= steps; t++) {
        [p, q, r, s] = [T * p + D * r, T * q + D * s, p, q];
        const size = Math.max(Math.abs(p), Math.abs(q), Math.abs(r), Math.abs(s));
        if (!Number.isFinite(size)) {
          logNorms[t] = Infinity;
          norms[t] = Infinity;
          continue;
        }
        if (size > 0 && (size > pow2(200) || size < pow2(-200))) {
          const shift = frexp(size)[1];
          [p, q, r, s] = [p, q, r, s].map((v) => ldexp(v, -shift));
          exponent += shift;
        }
        const norm = largestSingularValue(p, q, r, s);
        const log = Math.log(norm) + exponent * Math.LN2;
        if (log > logNorms[t] || curvatures.indexOf(h) === 0) {
          logNorms[t] = log;
          norms[t] = ldexp(norm, exponent);
        }
      }
    }
    return { norms, logNorms };
  }

  // ------------------------------------------------------------------------------------
  // The embedded data.

  const data = JSON.parse(document.getElementById("explorer-data").textContent);
  const METHODS = Object.fromEntries(data.methods.map((m) => [m.name, m]));

  function decodeUint16(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Uint16Array(bytes.buffer);
  }

  function decodeLines(text, xMax, yMax) {
    // Polylines stored as uint16 pairs scaled to [0, 65534], separated by 65535.
    const words = decodeUint16(text);
    const xs = [];
    const ys = [];
    let line = null;
    for (let i = 0; i < words.length; i += 2) {
      if (words[i] === 65535) {
        line = null;
        continue;
      }
      if (line === null) {
        line = [[], []];
        xs.push(line[0]);
        ys.push(line[1]);
      }
      line[0].push((words[i] / 65534) * xMax);
      line[1].push((words[i + 1] / 65534) * yMax);
    }
    return { xs, ys };
  }

  const decoded = new Map();
  function plane(method, spectrum) {
    // The plane of a method for a spectrum, decoded once.
    const key = `${method}/${spectrum}`;
    if (decoded.has(key)) return decoded.get(key);
    const raw = data.spectra[spectrum].planes[method];
    const result = { ...raw };
    if (raw.y_count) {
      // Gaps 1 - rho stored as round(65534 (log10(gap) + 16) / 16), 65535: no convergence.
      // The colour: iterations per decimal digit, -1/log10(rho) = -ln 10 / log(1 - gap).
      const words = decodeUint16(raw.gap);
      const digits = new Float32Array(words.length);
      for (let i = 0; i < words.length; i++) {
        const gap = 10 ** ((16 * words[i]) / 65534 - 16);
        digits[i] = words[i] === 65535 ? NaN : -Math.LN10 / Math.log1p(-Math.min(gap, 1));
      }
      result.digits = digits; // row by row from the smallest momentum
      result.boundary = decodeLines(raw.boundary, raw.x_max, raw.y_top);
      result.critical_mu = decodeLines(raw.critical_mu, raw.x_max, raw.y_top);
      result.critical_L = decodeLines(raw.critical_L, raw.x_max, raw.y_top);
    }
    decoded.set(key, result);
    return result;
  }

  // ------------------------------------------------------------------------------------
  // State and controls.

  // The momentum axis is u = -log10(1 - beta) (0 at beta = 0, 1 at 0.9, 2 at 0.99), as
  // momentum-theory heatmap draws it on scaled axes: the fast region near beta = 1 gets
  // room at any condition number.
  const coordinate = (beta) => -Math.log10(1 - beta);
  const momentum = (u) => 1 - 10 ** -u;

  function symbol(info, name) {
    // A parameter as the controls write it (the method's metadata, in the page data).
    return info.symbols[name] || name;
  }
  const REGIMES = {
    real: "real roots",
    complex: "complex pair (|λ| = √D)",
    double: "double root",
    undefined: "undefined",
  };

  const state = {
    method: data.default.method,
    spectrum: data.default.spectrum,
    params: {},
    start: [1, 1],
    steps: 100,
    autoSteps: true,
  };
  let bokeh = null; // name -> Bokeh model, once the plots exist

  const $ = (id) => document.getElementById(id);

  function exact(value) {
    // The shortest decimal text that reads back as the same double ("true"/"false" for
    // a flag).
    return String(value);
  }

  function rounded(value, digits = 6) {
    if (typeof value === "boolean") return String(value);
    if (!Number.isFinite(value)) return String(value);
    return Number(value.toPrecision(digits)).toString();
  }

  function setOutput(id, value, text) {
    const element = $(id);
    element.dataset.value = exact(value);
    element.textContent = text === undefined ? rounded(value) : text;
  }

  function spectrum() {
    return data.spectra[state.spectrum];
  }

  function currentPlane() {
    return plane(state.method, state.spectrum);
  }

  function buildParameterControls() {
    const info = METHODS[state.method];
    const p = currentPlane();
    const box = $("parameters");
    box.replaceChildren();
    for (const name of info.parameters) {
      const label = document.createElement("label");
      label.className = "parameter";
      const title = document.createElement("span");
      title.textContent = symbol(info, name);
      label.append(title);
      if (name === info.x || name === info.y) {
        const slider = document.createElement("input");
        slider.type = "range";
        slider.id = `${name}-slider`;
        slider.min = "0";
        // The momentum's slider moves in its coordinate, as the plane's axis does.
        slider.max = String(name === info.x ? p.x_max : p.y_top);
        slider.step = "any";
        const value = name === info.x ? (v) => v : momentum;
        slider.addEventListener("input", () => pickParameter(name, value(Number(slider.value))));
        const field = document.createElement("input");
        field.type = "text";
        field.id = name;
        field.className = "exact";
        field.spellcheck = false;
        field.addEventListener("change", () => {
          const value = Number(field.value);
          if (field.value.trim() !== "" && Number.isFinite(value)) pickParameter(name, value);
          else field.value = exact(state.params[name]);
        });
        label.append(slider, field);
      } else {
        const fixed = document.createElement("output");
        fixed.id = name;
        fixed.className = "fixed";
        fixed.title = "held fixed: the plane is the slice at this value";
        label.append(fixed);
        const note = document.createElement("small");
        note.textContent = " (fixed)";
        label.append(note);
      }
      box.append(label);
    }
  }

  function pickParameter(name, value) {
    state.params[name] = value;
    update();
  }

  function pick(x, y) {
    // A point picked on the plane: the step parameter, and the momentum parameter if any.
    const info = METHODS[state.method];
    const p = currentPlane();
    state.params[info.x] = Math.min(Math.max(x, 0), p.x_max);
    if (info.y) state.params[info.y] = Math.min(Math.max(momentum(y), 0), 1 - 1e-12);
    update();
  }

  function toOptimum() {
    state.params = { ...currentPlane().optimum };
    update();
  }

  function setMethod(name, spectrumIndex) {
    if (!(name in METHODS)) throw new Error(`unknown method ${name}`);
    state.method = name;
    if (spectrumIndex !== undefined) state.spectrum = spectrumIndex;
    $("method").value = name;
    $("spectrum").value = String(state.spectrum);
    state.params = { ...currentPlane().optimum };
    buildParameterControls();
    redrawPlane();
    update();
  }

  function stepsFor(rate) {
    // Enough steps for the picked method to gain twelve digits (20 to 2000).
    if (!(rate < 1) || rate <= 0) return 100;
    return Math.min(2000, Math.max(20, Math.ceil((-12 * Math.LN10) / Math.log(rate))));
  }

  // ------------------------------------------------------------------------------------
  // Drawing (Bokeh models are looked up by name).

  function ndarray(array, options) {
    return window.Bokeh.require("core/util/ndarray").ndarray(array, options);
  }

  function source(name) {
    return bokeh[name].data_source;
  }

  function redrawPlane() {
    if (!bokeh) return;
    const info = METHODS[state.method];
    const p = currentPlane();
    const plot = bokeh.plane;
    plot.x_range.setv({ start: 0, end: p.x_max });
    plot.below[0].axis_label = `${symbol(info, info.x)} (${info.x})`;
    bokeh["plane-colorbar"].visible = Boolean(info.y);
    if (info.y) {
      plot.y_range.setv({ start: 0, end: p.y_top });
      plot.left[0].axis_label = `${symbol(info, info.y)} (${info.y}), logarithmic in 1 − ${symbol(info, info.y)}`;
      bokeh["plane-y-ticks"].ticks = p.y_ticks;
      // Two decades of iterations per digit from the fastest cell's (the package's range).
      const [low, high] = p.colour_range;
      bokeh["plane-colors"].setv({ low, high });
      bokeh["plane-colour-ticks"].ticks = p.colour_ticks;
      const image = ndarray(p.digits, { shape: [p.y_count, p.x_count] });
      source("plane-image").data = {
        image: [image], x: [0], y: [0], dw: [p.x_max], dh: [p.y_top],
      };
      source("plane-curve").data = { x: [], y: [] };
      source("plane-boundary").data = p.boundary;
      source("plane-critical-mu").data = p.critical_mu;
      source("plane-critical-L").data = p.critical_L;
      source("plane-optimum").data = {
        x: [p.optimum[info.x]], y: [coordinate(p.optimum[info.y])],
      };
    } else {
      const low = Math.max(0, p.optimal_rate - 0.5 * (1 - p.optimal_rate));
      const high = 1 + 0.5 * (1 - p.optimal_rate);
      plot.y_range.setv({ start: low, end: high });
      bokeh["plane-y-ticks"].ticks = niceTicks(low, high);
      plot.left[0].axis_label = "worst-case rate ρ";
      source("plane-image").data = { image: [], x: [], y: [], dw: [], dh: [] };
      source("plane-curve").data = { x: p.x, y: p.rate };
      const points = (list) => ({ xs: list.map((q) => [q[0], q[0]]), ys: list.map(() => [low, 2]) });
      source("plane-boundary").data = points(p.boundary);
      source("plane-critical-mu").data = points(p.critical_mu);
      source("plane-critical-L").data = points(p.critical_L);
      source("plane-optimum").data = { x: [p.optimum[info.x]], y: [p.optimal_rate] };
    }
    const [mu, L] = [spectrum().mu, spectrum().L];
    plot.title.text = info.y
      ? `${state.method} on [μ, L] = [${rounded(mu)}, ${rounded(L)}]: iterations per digit`
      : `${state.method}: worst-case rate on [μ, L] = [${rounded(mu)}, ${rounded(L)}]`;
  }

  function niceTicks(low, high) {
    // About five round values (1, 2 or 5 times a power of ten apart) in [low, high].
    const raw = (high - low) / 5;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
    const ticks = [];
    for (let k = Math.ceil(low / step); k * step <= high; k++) ticks.push(Number((k * step).toPrecision(12)));
    return ticks;
  }

  function tickLabel(tick) {
    // The plane's left axis: a momentum at coordinate tick (1 - 10^-k written so from
    // 1 - 1e-4 on), or gradient descent's rate.
    if (!METHODS[state.method].y) return String(Number(tick.toPrecision(6)));
    const gap = 10 ** -tick;
    const power = Math.round(tick);
    if (gap < 1e-4 && Math.abs(tick - power) < 1e-9) return `1 − 1e-${power}`;
    return String(Number((1 - gap).toPrecision(6)));
  }

  function ellipses(mu, L, level) {
    // The level set f = level of f = (mu x^2 + L y^2) / 2.
    const xs = [];
    const ys = [];
    for (let k = 0; k <= 96; k++) {
      const angle = (2 * Math.PI * k) / 96;
      xs.push(Math.sqrt((2 * level) / mu) * Math.cos(angle));
      ys.push(Math.sqrt((2 * level) / L) * Math.sin(angle));
    }
    return [xs, ys];
  }

  function drawRun(prefix, iterates, rate, scale) {
    const limit = 1e6 * scale;
    const shown = [];
    for (const point of iterates) {
      if (!(Math.hypot(point[0], point[1]) <= limit)) break;
      shown.push(point);
    }
    source(`${prefix}-path`).data = { x: shown.map((q) => q[0]), y: shown.map((q) => q[1]) };
    return shown;
  }

  function positive(values) {
    return values.map((v) => (v > 0 && Number.isFinite(v) ? v : NaN));
  }

  function redrawRuns(result, gd) {
    if (!bokeh) return;
    const { mu, L } = spectrum();
    const start = state.start;
    const norm0 = Math.hypot(start[0], start[1]);
    const picked = simulate(state.method, state.params, [mu, L], start, state.steps);
    const best = simulate("gradient_descent", gd.params, [mu, L], start, state.steps);
    const shownPicked = drawRun("iterates", picked, result.rate, norm0);
    const shownBest = drawRun("iterates-gd", best, gd.rate, norm0);
    // Both iterate panels share their ranges: the larger extent of the two runs.
    let xExtent = Math.abs(start[0]);
    let yExtent = Math.abs(start[1]);
    for (const q of shownPicked.concat(shownBest)) {
      xExtent = Math.max(xExtent, Math.abs(q[0]));
      yExtent = Math.max(yExtent, Math.abs(q[1]));
    }
    xExtent = Math.min(xExtent, 4 * norm0) * 1.08 || 1;
    yExtent = Math.min(yExtent, 4 * norm0) * 1.08 || 1;
    bokeh.iterates.x_range.setv({ start: -xExtent, end: xExtent });
    bokeh.iterates.y_range.setv({ start: -yExtent, end: yExtent });
    const f0 = 0.5 * (mu * start[0] ** 2 + L * start[1] ** 2);
    const levels = { xs: [], ys: [] };
    for (let k = 0; k < 6; k++) {
      const [xs, ys] = ellipses(mu, L, f0 * 0.25 ** k);
      levels.xs.push(xs);
      levels.ys.push(ys);
    }
    for (const prefix of ["iterates", "iterates-gd"]) {
      source(`${prefix}-levels`).data = levels;
      source(`${prefix}-start`).data = { x: [start[0]], y: [start[1]] };
    }
    bokeh.iterates.title.text = `${state.method}, picked point: ρ = ${rounded(result.rate)}`;
    bokeh["iterates-gd"].title.text = `gradient descent, α = 2/(μ+L): ρ = ${rounded(gd.rate)}`;

    const t = [...Array(state.steps + 1).keys()];
    const distance = (run) => positive(run.map((q) => Math.hypot(q[0], q[1])));
    source("distance-picked").data = { x: t, y: distance(picked) };
    source("distance-gd").data = { x: t, y: distance(best) };
    source("distance-predicted").data = { x: t, y: positive(t.map((k) => norm0 * result.rate ** k)) };
    source("distance-gd-predicted").data = { x: t, y: positive(t.map((k) => norm0 * gd.rate ** k)) };

    const powers = powerNorms(state.method, state.params, [mu, L], state.steps);
    let peak = 0;
    for (let k = 1; k <= state.steps; k++) if (powers.logNorms[k] > powers.logNorms[peak]) peak = k;
    source("powers-norm").data = { x: t, y: positive(powers.norms) };
    source("powers-rate").data = { x: t, y: positive(t.map((k) => result.rate ** k)) };
    source("powers-peak").data = { x: [peak], y: [powers.norms[peak]] };
    setOutput("peak", powers.norms[peak], `${rounded(powers.norms[peak], 4)} at t = ${peak}`);
    $("peak").dataset.step = String(peak);
    bokeh.powers.title.text = `‖Aᵗ‖₂ of the picked point: peak ${rounded(powers.norms[peak], 4)} at t = ${peak}`;
  }

  function update() {
    const info = METHODS[state.method];
    const { mu, L } = spectrum();
    const p = currentPlane();
    const params = { ...p.fixed, ...state.params };
    state.params = params;
    const result = worstCase(state.method, params, mu, L);
    const gdPlane = plane("gradient_descent", state.spectrum);
    const gdParams = { ...gdPlane.optimum };
    const gd = { params: gdParams, rate: worstCase("gradient_descent", gdParams, mu, L).rate };
    state.steps = state.autoSteps ? stepsFor(result.rate) : state.steps;

    $("method").dataset.value = state.method;
    $("spectrum").dataset.value = String(state.spectrum);
    setOutput("mu", mu);
    setOutput("L", L);
    for (const name of info.parameters) {
      const element = $(name);
      element.dataset.value = exact(params[name]);
      if (element.tagName === "INPUT") {
        if (document.activeElement !== element) element.value = exact(params[name]);
        const slider = $(`${name}-slider`);
        const at = name === info.y ? coordinate(params[name]) : params[name];
        if (slider && document.activeElement !== slider) slider.value = String(at);
      } else {
        element.textContent = rounded(params[name], 10);
      }
    }
    setOutput("rate", result.rate, result.rate.toPrecision(12));
    setOutput("rate-mu", result.mu.rho, result.mu.rho.toPrecision(12));
    setOutput("rate-L", result.L.rho, result.L.rho.toPrecision(12));
    const worst = result.end === "L" ? result.L : result.mu;
    setOutput("regime", worst.regime, REGIMES[worst.regime]);
    setOutput("worst-end", result.end, result.end === "L" ? "h = L" : "h = μ");
    $("regime-mu").textContent = REGIMES[result.mu.regime];
    $("regime-L").textContent = REGIMES[result.L.regime];
    setOutput("converges", result.rate < 1, result.rate < 1 ? "converges" : "does not converge");
    setOutput("optimal-rate", p.optimal_rate, p.optimal_rate.toPrecision(12));
    $("optimal-parameters").textContent = info.parameters
      .map((name) => `${symbol(info, name)} = ${rounded(p.optimum[name], 10)}`)
      .join(", ");
    setOutput("gd-alpha", gdParams.alpha, rounded(gdParams.alpha, 10));
    setOutput("gd-rate", gd.rate, gd.rate.toPrecision(12));
    for (const [k, id] of [[0, "x0"], [1, "y0"]]) {
      $(id).dataset.value = exact(state.start[k]);
      if (document.activeElement !== $(id)) $(id).value = exact(state.start[k]);
    }
    $("steps").value = String(state.steps);
    $("steps").dataset.value = String(state.steps);
    $("steps-auto").checked = state.autoSteps;

    if (bokeh) {
      const y = info.y ? coordinate(params[info.y]) : result.rate;
      source("plane-pick").data = { x: [params[info.x]], y: [y] };
      redrawRuns(result, gd);
    }
    writeHash();
  }

  // ------------------------------------------------------------------------------------
  // The state in the address (#method=...&alpha=...), so a view can be shared.

  function writeHash() {
    const info = METHODS[state.method];
    const entries = [
      ["method", state.method],
      ["spectrum", String(state.spectrum)],
      ...[info.x, info.y].filter(Boolean).map((n) => [n, exact(state.params[n])]),
      ["x0", exact(state.start[0])],
      ["y0", exact(state.start[1])],
    ];
    if (!state.autoSteps) entries.push(["steps", String(state.steps)]);
    const hash = "#" + new URLSearchParams(entries).toString();
    if (location.hash !== hash) {
      try {
        history.replaceState(null, "", hash);
      } catch (error) {
        // Some browsers refuse replaceState on file:// pages; the state is still shown.
      }
    }
  }

  function readHash() {
    const query = new URLSearchParams(location.hash.slice(1));
    const method = query.get("method");
    const index = Number(query.get("spectrum"));
    const spectrumIndex =
      Number.isInteger(index) && index >= 0 && index < data.spectra.length ? index : undefined;
    setMethod(method in METHODS ? method : state.method, spectrumIndex);
    const info = METHODS[state.method];
    for (const name of [info.x, info.y].filter(Boolean)) {
      const value = Number(query.get(name));
      if (query.has(name) && Number.isFinite(value)) state.params[name] = value;
    }
    for (const [k, name] of [[0, "x0"], [1, "y0"]]) {
      const value = Number(query.get(name));
      if (query.has(name) && Number.isFinite(value)) state.start[k] = value;
    }
    const steps = Number(query.get("steps"));
    if (query.has("steps") && Number.isInteger(steps) && steps >= 1 && steps <= 100000) {
      state.steps = steps;
      state.autoSteps = false;
    }
    update();
  }

  // ------------------------------------------------------------------------------------
  // Wiring.

  function hover(x, y) {
    const info = METHODS[state.method];
    if (!info.y) return;
    const p = currentPlane();
    if (!(x >= 0 && x <= p.x_max && y >= 0 && y <= p.y_top)) {
      $("cursor").textContent = "";
      return;
    }
    const beta = momentum(y);
    const params = { ...p.fixed, ...state.params, [info.x]: x, [info.y]: beta };
    const { mu, L } = spectrum();
    const rate = worstCase(state.method, params, mu, L).rate;
    $("cursor").textContent =
      `under the cursor: ${symbol(info, info.x)} = ${rounded(x)}, ${symbol(info, info.y)} = ${rounded(beta)}, ρ = ${rounded(rate, 8)}, ${rounded(-1 / Math.log10(rate), 4)} iterations per digit`;
  }

  function setStart(x, y) {
    if (Number.isFinite(x) && Number.isFinite(y) && (x !== 0 || y !== 0)) {
      state.start = [x, y];
      update();
    }
  }

  function connect() {
    const methodSelect = $("method");
    for (const m of data.methods) methodSelect.add(new Option(m.name, m.name));
    methodSelect.addEventListener("change", () => setMethod(methodSelect.value));
    const spectrumSelect = $("spectrum");
    data.spectra.forEach((s, i) => {
      spectrumSelect.add(new Option(`[${rounded(s.mu)}, ${rounded(s.L)}], κ = ${rounded(s.L / s.mu)}`, String(i)));
    });
    spectrumSelect.addEventListener("change", () =>
      setMethod(state.method, Number(spectrumSelect.value)),
    );
    $("to-optimum").addEventListener("click", toOptimum);
    for (const [k, id] of [[0, "x0"], [1, "y0"]]) {
      $(id).addEventListener("change", () => {
        const start = state.start.slice();
        start[k] = Number($(id).value);
        setStart(start[0], start[1]);
      });
    }
    $("steps").addEventListener("change", () => {
      const steps = Number($("steps").value);
      if (Number.isInteger(steps) && steps >= 1 && steps <= 100000) {
        state.steps = steps;
        state.autoSteps = false;
      }
      update();
    });
    $("steps-auto").addEventListener("change", () => {
      state.autoSteps = $("steps-auto").checked;
      update();
    });
  }

  function collectModels(doc) {
    const names = [
      "plane", "plane-image", "plane-curve", "plane-boundary", "plane-critical-mu",
      "plane-critical-L", "plane-optimum", "plane-pick", "iterates", "iterates-gd",
      "iterates-path", "iterates-gd-path", "iterates-levels", "iterates-gd-levels",
      "iterates-start", "iterates-gd-start", "distance", "distance-picked", "distance-gd",
      "distance-predicted", "distance-gd-predicted", "powers", "powers-norm", "powers-rate",
      "powers-peak", "plane-colors", "plane-colorbar", "plane-y-ticks", "plane-legend",
      "plane-colour-ticks",
    ];
    const models = {};
    for (const name of names) {
      const model = doc.get_model_by_name(name);
      if (model === null) throw new Error(`the page has no plot element named ${name}`);
      models[name] = model;
    }
    return models;
  }

  function layout() {
    // Where the page drew things, in CSS pixels of the viewport (for tests): each plot's
    // box and title (with the title text's measured width), the plane's frame, legend and
    // colour bar, and the optimum marker's centre.
    const views = [...window.Bokeh.index.roots];
    const plots = {};
    const measure = document.createElement("canvas").getContext("2d");
    for (const view of views) {
      if (!view.model.name) continue;
      const origin = view.el.getBoundingClientRect();
      const box = (b) => ({ x0: origin.x + b.x0, y0: origin.y + b.y0, x1: origin.x + b.x1, y1: origin.y + b.y1 });
      const entry = { box: box(view.bbox), frame: box(view.frame.bbox) };
      for (const renderer of view.renderer_views.values()) {
        const type = renderer.model.type;
        if (type === "Title") {
          const title = renderer.model;
          measure.font = `${title.text_font_style} ${title.text_font_size} ${title.text_font}`;
          entry.title = { ...box(renderer.bbox), text: title.text, width: measure.measureText(title.text).width };
        } else if (type === "Legend" || type === "ColorBar") {
          entry[type === "Legend" ? "legend" : "colorbar"] = box(renderer.bbox);
        }
      }
      if (view.model.name === "plane") {
        const optimum = bokeh["plane-optimum"].data_source.data;
        entry.optimum = {
          x: origin.x + view.frame.x_scale.compute(optimum.x[0]),
          y: origin.y + view.frame.y_scale.compute(optimum.y[0]),
        };
      }
      plots[view.model.name] = entry;
    }
    return plots;
  }

  const api = {
    // For scripts and tests: the state, and the page's own computations.
    state: () => ({
      method: state.method,
      spectrum: state.spectrum,
      mu: spectrum().mu,
      L: spectrum().L,
      parameters: { ...state.params },
      rate: Number($("rate").dataset.value),
      start: state.start.slice(),
      steps: state.steps,
    }),
    setMethod,
    pick,
    setStart,
    toOptimum,
    hover,
    tickLabel,
    layout,
    family,
    spectralRadius,
    worstCase,
    simulate,
    powerNorms,
    data,
    ready: null,
  };
  window.explorer = api;

  connect();
  readHash();
  api.ready = window.Bokeh.embed
    .embed_items(window.explorerDocs, window.explorerRenderItems)
    .then(() => {
      bokeh = collectModels(window.Bokeh.documents[window.Bokeh.documents.length - 1]);
      redrawPlane();
      update();
      return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    })
    .then(() => {
      document.body.dataset.renderMs = String(Math.round(performance.now()));
      document.body.dataset.ready = "true";
    })
    .catch((error) => {
      document.body.dataset.error = String(error);
      throw error;
    });
})();
