// The explorer's atlas layer: the shipped atlas maps, and each cell's verdict and proof.
//
// Written once here and inlined into the page after explorer.js by
// momentum_theory/explorer/page.py; it reads the "explorer-atlas" script element
// (momentum_theory/explorer/atlas.py: per map the shown cells' verdicts, rates, periods
// and proofs, row by row from the smallest momentum) and draws on a plain canvas, so it
// needs nothing of Bokeh. It computes nothing the proofs state: the numbers shown are the
// proofs' own rationals (decimals beside them are for reading only). Elements with ids
// atlas-* hold the picked cell's state in data-value (exact), and window.explorerAtlas
// offers state(), select(index), pickCell(row, column) and cellCentre(row, column).
(function () {
  "use strict";

  const element = document.getElementById("explorer-atlas");
  const data = element ? JSON.parse(element.textContent) : null;
  if (data === null) return;
  const $ = (id) => document.getElementById(id);
  const COLOURS = { 0: "#dbdbdb", 2: "#f7c4b0", 3: "#8c8c8c", "-1": "#ffffff" };
  const MARGIN = { left: 52, right: 12, top: 10, bottom: 42 };
  const state = { map: 0, cell: null };

  function rational(text) {
    // A decimal for reading "p/q" (the proof's exact value stays the text).
    const [p, q] = String(text).split("/");
    return q === undefined ? Number(p) : Number(BigInt(p)) / Number(BigInt(q));
  }

  function decimal(text, digits = 6) {
    return Number(rational(text).toPrecision(digits)).toString();
  }

  function setOutput(id, text, value) {
    const out = $(id);
    out.textContent = text;
    out.dataset.value = typeof value === "string" ? value : JSON.stringify(value);
  }

  function current() {
    return data.maps[state.map];
  }

  function geometry() {
    const map = current();
    const canvas = $("atlas-canvas");
    const width = canvas.width - MARGIN.left - MARGIN.right;
    const height = canvas.height - MARGIN.top - MARGIN.bottom;
    const columns = map.columns.length;
    const rows = map.rows.length;
    return { canvas, width, height, columns, rows, dx: width / columns, dy: height / rows };
  }

  function cellColour(map, k) {
    const status = map.status[k];
    if (status !== 1) return COLOURS[status];
    const [low, high] = data.rate_range;
    const t = high > low ? (map.rate[k] - low) / (high - low) : 0;
    const index = Math.max(0, Math.min(data.palette.length - 1, Math.round(t * (data.palette.length - 1))));
    return data.palette[index];
  }

  function scaled(axis, value) {
    return axis.per_L ? value * current().L : value;
  }

  function axisName(axis) {
    return axis.per_L ? `${axis.symbol}L` : axis.symbol;
  }

  function draw() {
    const map = current();
    const g = geometry();
    const context = g.canvas.getContext("2d");
    context.clearRect(0, 0, g.canvas.width, g.canvas.height);
    context.font = "11px system-ui, sans-serif";
    for (let r = 0; r < g.rows; r++) {
      for (let c = 0; c < g.columns; c++) {
        const k = r * g.columns + c;
        const x = MARGIN.left + c * g.dx;
        const y = MARGIN.top + (g.rows - 1 - r) * g.dy;
        context.fillStyle = cellColour(map, k);
        context.fillRect(x, y, Math.ceil(g.dx), Math.ceil(g.dy));
        if (map.status[k] === 2 && g.dx >= 12 && g.dy >= 12) {
          context.fillStyle = "#5a1a0a";
          context.textAlign = "center";
          context.textBaseline = "middle";
          context.fillText(String(map.period[k]), x + g.dx / 2, y + g.dy / 2);
        }
      }
    }
    if (state.cell !== null) {
      const [r, c] = state.cell;
      context.strokeStyle = "#d62728";
      context.lineWidth = 2.5;
      context.strokeRect(MARGIN.left + c * g.dx, MARGIN.top + (g.rows - 1 - r) * g.dy, g.dx, g.dy);
    }
    context.strokeStyle = "#333";
    context.lineWidth = 1;
    context.strokeRect(MARGIN.left, MARGIN.top, g.width, g.height);
    context.fillStyle = "#222";
    const xs = map.x.values;
    const ys = map.y.values;
    context.textBaseline = "top";
    context.textAlign = "center";
    for (const c of [0, Math.floor((g.columns - 1) / 2), g.columns - 1]) {
      context.fillText(Number(scaled(map.x, xs[c]).toPrecision(3)).toString(), MARGIN.left + (c + 0.5) * g.dx, MARGIN.top + g.height + 4);
    }
    context.fillText(axisName(map.x), MARGIN.left + g.width / 2, MARGIN.top + g.height + 22);
    context.textAlign = "right";
    context.textBaseline = "middle";
    for (const r of [0, Math.floor((g.rows - 1) / 2), g.rows - 1]) {
      context.fillText(Number(ys[r].toPrecision(3)).toString(), MARGIN.left - 6, MARGIN.top + (g.rows - 0.5 - r) * g.dy);
    }
    context.save();
    context.translate(12, MARGIN.top + g.height / 2);
    context.rotate(-Math.PI / 2);
    context.textAlign = "center";
    context.fillText(map.y.symbol, 0, 0);
    context.restore();
  }

  function fullProof(map, k) {
    const compact = map.proofs[k];
    return compact === null ? null : { ...map.shared, ...compact };
  }

  function table(matrix) {
    const rows = matrix
      .map((row) => `<tr>${row.map((v) => `<td title="${v}">${decimal(v)}</td>`).join("")}</tr>`)
      .join("");
    return `<table class="matrix">${rows}</table>`;
  }

  function cycleSvg(points) {
    // The iterates x_0, ..., x_{2K}: the cycle repeated, against t (d = 1), or the points
    // in the plane of their first two coordinates, joined in order (d >= 2).
    const width = 360;
    const height = 200;
    const pad = 50;
    const tick = (v) => (v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(1) : String(Number(v.toPrecision(3))));
    const K = points.length;
    const d = points[0].length;
    const values = points.map((p) => p.map(rational));
    let path;
    if (d === 1) {
      path = [];
      for (let t = 0; t <= 2 * K; t++) path.push([t, values[t % K][0]]);
    } else {
      path = values.concat([values[0]]).map((p) => [p[0], p[1]]);
    }
    const xs = path.map((p) => p[0]);
    const ys = path.map((p) => p[1]);
    const span = (v) => [Math.min(...v), Math.max(...v) === Math.min(...v) ? Math.min(...v) + 1 : Math.max(...v)];
    const [x0, x1] = span(xs);
    const [y0, y1] = span(ys);
    const px = (x) => pad + ((x - x0) / (x1 - x0)) * (width - 2 * pad);
    const py = (y) => height - pad - ((y - y0) / (y1 - y0)) * (height - 2 * pad);
    const line = path.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(" ");
    const dots = path
      .map((p) => `<circle cx="${px(p[0]).toFixed(1)}" cy="${py(p[1]).toFixed(1)}" r="3.5" fill="#d62728"/>`)
      .join("");
    const xLabel = d === 1 ? "iteration t" : "x₁";
    const yLabel = d === 1 ? "xₜ" : "x₂";
    return (
      `<svg id="atlas-cycle" width="${width}" height="${height}" data-points="${path.length}" ` +
      `role="img" aria-label="the cycle's iterates">` +
      `<rect x="${pad}" y="${pad}" width="${width - 2 * pad}" height="${height - 2 * pad}" fill="none" stroke="#999"/>` +
      `<polyline points="${line}" fill="none" stroke="#d62728" stroke-width="1.5"/>${dots}` +
      `<text x="${width / 2}" y="${height - 6}" font-size="11" text-anchor="middle">${xLabel}</text>` +
      `<text x="${pad - 3}" y="${pad + 4}" font-size="10" text-anchor="end">${tick(y1)}</text>` +
      `<text x="${pad - 3}" y="${height - pad}" font-size="10" text-anchor="end">${tick(y0)}</text>` +
      `<text x="10" y="${height / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 10 ${height / 2})">${yLabel}</text>` +
      `</svg>`
    );
  }

  function quadraticRate(proof) {
    // The modulus of the larger root of lambda^2 - T lambda + D on h x^2/2 (floats, for
    // reading; the proof's check is exact): T = 1 + beta - alpha h (1 + gamma), D = beta - alpha h gamma.
    const [alpha, beta, gamma, h] = ["alpha", "beta", "gamma", "h"].map((k) => rational(proof[k]));
    const T = 1 + beta - alpha * h * (1 + gamma);
    const D = beta - alpha * h * gamma;
    const disc = T * T - 4 * D;
    if (disc >= 0) return Math.max(Math.abs((T + Math.sqrt(disc)) / 2), Math.abs((T - Math.sqrt(disc)) / 2));
    return Math.sqrt(D);
  }

  function showProof(proof, map, k) {
    const box = $("atlas-proof");
    if (proof === null) {
      const decided = map.status[k] >= 1;
      box.innerHTML = decided
        ? "<p>No proof of this cell in the store's proofs file.</p>"
        : "<p>No proof: nothing in the certificate class or the cycle search decides this cell.</p>";
      box.dataset.kind = "";
      $("atlas-proof-json").textContent = "";
      return;
    }
    box.dataset.kind = proof.kind;
    $("atlas-proof-json").textContent = JSON.stringify(proof, null, 1);
    if (proof.kind === "lyapunov") {
      box.innerHTML =
        `<p>Certified: every μ-strongly convex, L-smooth f, ‖x<sub>t</sub> − x*‖ = O(ρ<sup>t</sup>) with ` +
        `ρ = <output id="atlas-rho"></output>, by the Lyapunov function with the matrix P ` +
        `(sector and off-by-one IQC; Lessard, Recht and Packard 2016, Lemma 10, Theorem 4):</p>` +
        `<div id="atlas-P">${table(proof.P)}</div>` +
        `<p>multipliers: λ<sub>sector</sub> = <output id="atlas-lambda-sector"></output>, ` +
        `λ<sub>off-by-one</sub> = <output id="atlas-lambda-off-by-one"></output></p>`;
      setOutput("atlas-rho", `${proof.rho} ≈ ${decimal(proof.rho, 8)}`, proof.rho);
      $("atlas-P").dataset.value = JSON.stringify(proof.P);
      setOutput("atlas-lambda-sector", `${proof.lambda_sector} ≈ ${decimal(proof.lambda_sector)}`, proof.lambda_sector);
      setOutput("atlas-lambda-off-by-one", `${proof.lambda_off_by_one} ≈ ${decimal(proof.lambda_off_by_one)}`, proof.lambda_off_by_one);
    } else if (proof.kind === "cycle") {
      const reach = proof.reachable_from_rest ? "; a start from rest runs into it" : "";
      box.innerHTML =
        `<p>Refuted: a function of the class on which the iterates cycle through ` +
        `<output id="atlas-period"></output> points (dimension ${proof.x[0].length}${reach}):</p>` +
        `<p><output id="atlas-cycle-points"></output></p>${cycleSvg(proof.x)}`;
      setOutput("atlas-period", String(proof.x.length), String(proof.x.length));
      setOutput("atlas-cycle-points", proof.x.map((p) => `(${p.join(", ")})`).join(" → "), proof.x);
    } else if (proof.kind === "quadratic") {
      box.innerHTML =
        `<p>Unstable: on the quadratic f(x) = h x²/2 with h = <output id="atlas-h"></output> ` +
        `(in [μ, L]) the iteration does not converge: spectral radius ≈ ` +
        `<output id="atlas-h-rate"></output> ≥ 1.</p>`;
      setOutput("atlas-h", `${proof.h} ≈ ${decimal(proof.h)}`, proof.h);
      const rho = quadraticRate(proof);
      setOutput("atlas-h-rate", Number(rho.toPrecision(6)).toString(), String(rho));
    } else {
      box.innerHTML = `<p>A proof of kind ${proof.kind} (shown below).</p>`;
    }
  }

  function pickCell(row, column) {
    const map = current();
    const g = geometry();
    if (!(row >= 0 && row < g.rows && column >= 0 && column < g.columns)) return;
    state.cell = [row, column];
    const k = row * g.columns + column;
    const i = map.rows[row];
    const j = map.columns[column];
    setOutput("atlas-cell", `[${i}, ${j}]`, [i, j]);
    const x = map.x.values[column];
    const y = map.y.values[row];
    setOutput("atlas-parameters", `${map.x.symbol} = ${x}, ${map.y.symbol} = ${y}`, { [map.x.name]: x, [map.y.name]: y });
    const verdict = data.verdicts[String(map.status[k])];
    setOutput("atlas-verdict", map.status[k] === 2 ? `${verdict} (cycle of period ${map.period[k]})` : verdict, verdict);
    const rate = map.rate[k];
    setOutput("atlas-rate", rate === null ? "none" : String(rate), rate === null ? "" : String(rate));
    const quadratic = map.quadratic_rate[k];
    setOutput("atlas-quadratic-rate", quadratic === null ? "none" : String(quadratic), String(quadratic));
    showProof(fullProof(map, k), map, k);
    draw();
  }

  function select(index) {
    state.map = Math.max(0, Math.min(data.maps.length - 1, index));
    state.cell = null;
    const map = current();
    $("atlas-map").value = String(state.map);
    $("atlas-map").dataset.value = map.name;
    const [ry, rx] = map.resolution;
    const [sy, sx] = map.stride;
    $("atlas-sample").textContent =
      sy === 1 && sx === 1
        ? `every cell of the ${ry} × ${rx} map, each with its proof`
        : `a subsample of the ${ry} × ${rx} map: every ${sy} rows and ${sx} columns, ` +
          `${map.rows.length} × ${map.columns.length} cells, each with its proof (the store has every cell's)`;
    $("atlas-certificate").textContent = map.certificate.replace(/\.$/, "") || "not stated";
    for (const id of ["atlas-cell", "atlas-parameters", "atlas-verdict", "atlas-rate", "atlas-quadratic-rate"]) {
      setOutput(id, "", "");
    }
    $("atlas-proof").innerHTML = "<p>Click a cell.</p>";
    $("atlas-proof").dataset.kind = "";
    $("atlas-proof-json").textContent = "";
    draw();
  }

  function cellAt(event) {
    const g = geometry();
    const box = g.canvas.getBoundingClientRect();
    const x = (event.clientX - box.left) * (g.canvas.width / box.width) - MARGIN.left;
    const y = (event.clientY - box.top) * (g.canvas.height / box.height) - MARGIN.top;
    return [g.rows - 1 - Math.floor(y / g.dy), Math.floor(x / g.dx)];
  }

  function cellCentre(row, column) {
    // Where a cell's centre is, in CSS pixels of the viewport (for tests).
    const g = geometry();
    const box = g.canvas.getBoundingClientRect();
    const scale = box.width / g.canvas.width;
    return {
      x: box.left + (MARGIN.left + (column + 0.5) * g.dx) * scale,
      y: box.top + (MARGIN.top + (g.rows - 0.5 - row) * g.dy) * scale,
    };
  }

  function legend() {
    const [low, high] = data.rate_range;
    const stops = data.palette.map((c, k) => `${c} ${((100 * k) / (data.palette.length - 1)).toFixed(1)}%`);
    $("atlas-key").innerHTML =
      `<span class="swatch" style="background:linear-gradient(to right, ${stops.join(", ")})"></span>` +
      ` certified rate ${Number(low.toPrecision(3))} … ${high} ` +
      `<span class="swatch" style="background:${COLOURS[2]}"></span> refuted (the period) ` +
      `<span class="swatch" style="background:${COLOURS[0]}"></span> unknown ` +
      `<span class="swatch" style="background:${COLOURS[3]}"></span> unstable on a quadratic`;
  }

  const menu = $("atlas-map");
  data.maps.forEach((map, index) => {
    const option = document.createElement("option");
    option.value = String(index);
    option.textContent = `${map.display}, κ = ${Number((map.L / map.mu).toPrecision(6))}`;
    menu.appendChild(option);
  });
  menu.addEventListener("change", () => select(Number(menu.value)));
  $("atlas-canvas").addEventListener("click", (event) => {
    const [row, column] = cellAt(event);
    pickCell(row, column);
  });
  $("atlas").hidden = false;
  legend();
  select(0);

  window.explorerAtlas = {
    data,
    select,
    pickCell,
    cellCentre,
    state: () => {
      const map = current();
      if (state.cell === null) return { map: map.name, cell: null };
      const k = state.cell[0] * map.columns.length + state.cell[1];
      return {
        map: map.name,
        cell: [map.rows[state.cell[0]], map.columns[state.cell[1]]],
        verdict: data.verdicts[String(map.status[k])],
        proof: fullProof(map, k),
      };
    },
  };
})();
