"use strict";
/*
 * A reference for bench_engine.py: TensorFlow Playground's training loop, re-implemented here in plain
 * JavaScript (written for nnviz, not copied) so that its speed can be measured on this machine, in the
 * same run as nnviz, on the same data and from the same initial weights.
 *
 * What is kept from Playground's engine (src/nn.ts and oneStep in src/playground.ts), because it sets the speed:
 * - the network is a graph of node objects joined by link objects; every sample goes through it alone;
 * - a node's input is its bias plus sum(link.weight * link.source.output) over its input links;
 * - the activation derivative is computed from the node's total input (tanh' calls tanh again);
 * - the backward pass accumulates per-node and per-link derivatives with counters, and the weights change
 *   every batchSize samples: weight -= (lr / count) * accumulated, then the regularization term (none here);
 * - one epoch visits the training points in a fixed order, builds each input array from feature
 *   functions of (x, y), and then computes the mean loss 1/2 (o - t)^2 over the training and test points.
 *
 * Usage: node playground_ref.js WORKLOAD.json
 * WORKLOAD: {"sizes": [n0, ..., 1], "params": [nnviz's flat layout: per layer, row j = weights then bias],
 *            "features": ["x1", "x2", ...], "train": [[x, y, target], ...], "test": [...],
 *            "batch": 10, "learning_rate": 0.03, "epochs": 20, "rounds": 15}
 * Prints one JSON line: the seconds of every timed run of `epochs` epochs, the weights after one epoch from
 * the initial ones (to check that this loop computes what nnviz computes), and the final losses.
 */

const fs = require("fs");

const FEATURE_FUNCTIONS = {
  x1: (x, y) => x,
  x2: (x, y) => y,
  x1sq: (x, y) => x * x,
  x2sq: (x, y) => y * y,
  x1x2: (x, y) => x * y,
  sinx1: (x, y) => Math.sin(x),
  sinx2: (x, y) => Math.sin(y),
};

const TANH = {
  value: (s) => Math.tanh(s),
  slope: (s) => {
    const t = Math.tanh(s);
    return 1 - t * t;
  },
};

const HALF_SQUARE = {
  value: (o, t) => 0.5 * Math.pow(o - t, 2),
  slope: (o, t) => o - t,
};

class Unit {
  constructor(activation) {
    this.activation = activation;
    this.bias = 0.1;
    this.incoming = [];
    this.outgoing = [];
    this.sum = 0;
    this.out = 0;
    this.outSlope = 0;
    this.sumSlope = 0;
    this.sumSlopeTotal = 0;
    this.seen = 0;
  }

  fire() {
    let s = this.bias;
    for (let k = 0; k < this.incoming.length; k++) {
      const edge = this.incoming[k];
      s += edge.weight * edge.from.out;
    }
    this.sum = s;
    this.out = this.activation.value(s);
    return this.out;
  }
}

class Edge {
  constructor(from, to, weight) {
    this.from = from;
    this.to = to;
    this.weight = weight;
    this.dead = false;
    this.slope = 0;
    this.slopeTotal = 0;
    this.seen = 0;
    this.penalty = null; // no regularization in this workload
  }
}

function build(sizes, params) {
  const layers = [];
  let at = 0;
  for (let l = 0; l < sizes.length; l++) {
    const layer = [];
    for (let j = 0; j < sizes[l]; j++) {
      const unit = new Unit(TANH);
      if (l > 0) {
        const below = layers[l - 1];
        for (let i = 0; i < below.length; i++) {
          const edge = new Edge(below[i], unit, params[at + i]);
          below[i].outgoing.push(edge);
          unit.incoming.push(edge);
        }
        unit.bias = params[at + below.length];
        at += below.length + 1;
      }
      layer.push(unit);
    }
    layers.push(layer);
  }
  if (at !== params.length) throw new Error(`expected ${at} parameters, got ${params.length}`);
  return layers;
}

function weightsOf(layers) {
  const flat = [];
  for (let l = 1; l < layers.length; l++) {
    for (const unit of layers[l]) {
      for (const edge of unit.incoming) flat.push(edge.weight);
      flat.push(unit.bias);
    }
  }
  return flat;
}

function forward(layers, inputs) {
  const first = layers[0];
  if (inputs.length !== first.length) throw new Error("input size does not match the input layer");
  for (let i = 0; i < first.length; i++) first[i].out = inputs[i];
  for (let l = 1; l < layers.length; l++) {
    const layer = layers[l];
    for (let j = 0; j < layer.length; j++) layer[j].fire();
  }
  return layers[layers.length - 1][0].out;
}

function backward(layers, target, loss) {
  const top = layers[layers.length - 1][0];
  top.outSlope = loss.slope(top.out, target);
  for (let l = layers.length - 1; l >= 1; l--) {
    const layer = layers[l];
    for (let j = 0; j < layer.length; j++) {
      const unit = layer[j];
      unit.sumSlope = unit.outSlope * unit.activation.slope(unit.sum);
      unit.sumSlopeTotal += unit.sumSlope;
      unit.seen++;
    }
    for (let j = 0; j < layer.length; j++) {
      const unit = layer[j];
      for (let k = 0; k < unit.incoming.length; k++) {
        const edge = unit.incoming[k];
        if (edge.dead) continue;
        edge.slope = unit.sumSlope * edge.from.out;
        edge.slopeTotal += edge.slope;
        edge.seen++;
      }
    }
    if (l === 1) continue;
    const below = layers[l - 1];
    for (let i = 0; i < below.length; i++) {
      const unit = below[i];
      unit.outSlope = 0;
      for (let k = 0; k < unit.outgoing.length; k++) {
        const edge = unit.outgoing[k];
        unit.outSlope += edge.weight * edge.to.sumSlope;
      }
    }
  }
}

function update(layers, rate, penaltyRate) {
  for (let l = 1; l < layers.length; l++) {
    const layer = layers[l];
    for (let j = 0; j < layer.length; j++) {
      const unit = layer[j];
      if (unit.seen > 0) {
        unit.bias -= (rate * unit.sumSlopeTotal) / unit.seen;
        unit.sumSlopeTotal = 0;
        unit.seen = 0;
      }
      for (let k = 0; k < unit.incoming.length; k++) {
        const edge = unit.incoming[k];
        if (edge.dead) continue;
        const penaltySlope = edge.penalty ? edge.penalty.slope(edge.weight) : 0;
        if (edge.seen > 0) {
          edge.weight = edge.weight - (rate / edge.seen) * edge.slopeTotal;
          const next = edge.weight - rate * penaltyRate * penaltySlope;
          if (edge.penalty && edge.penalty.l1 && edge.weight * next < 0) {
            edge.weight = 0;
            edge.dead = true;
          } else {
            edge.weight = next;
          }
          edge.slopeTotal = 0;
          edge.seen = 0;
        }
      }
    }
  }
}

function inputFor(features, x, y) {
  const input = [];
  for (const name of features) input.push(FEATURE_FUNCTIONS[name](x, y));
  return input;
}

function meanLoss(layers, features, points) {
  let total = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    total += HALF_SQUARE.value(forward(layers, inputFor(features, p[0], p[1])), p[2]);
  }
  return total / points.length;
}

function epoch(layers, w) {
  w.train.forEach((p, i) => {
    forward(layers, inputFor(w.features, p[0], p[1]));
    backward(layers, p[2], HALF_SQUARE);
    if ((i + 1) % w.batch === 0) update(layers, w.learning_rate, 0);
  });
  return [meanLoss(layers, w.features, w.train), meanLoss(layers, w.features, w.test)];
}

function main() {
  const w = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const layers = build(w.sizes, w.params);
  epoch(layers, w);
  const afterOne = weightsOf(layers);
  for (let i = 0; i < 3 * w.epochs; i++) epoch(layers, w); // let the JIT settle
  const seconds = [];
  let losses = [NaN, NaN];
  for (let r = 0; r < w.rounds; r++) {
    const fresh = build(w.sizes, w.params);
    const t0 = process.hrtime.bigint();
    for (let e = 0; e < w.epochs; e++) losses = epoch(fresh, w);
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  process.stdout.write(
    JSON.stringify({ node: process.version, seconds, weights_after_one_epoch: afterOne, losses }) + "\n"
  );
}

main();
