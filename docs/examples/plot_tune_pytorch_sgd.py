r"""
Tune ``torch.optim.SGD`` for a least-squares problem
====================================================

For a linear model trained with ``torch.nn.MSELoss`` the loss is a quadratic whose
Hessian is :math:`2 X^\top X / n`; its extreme eigenvalues bound the curvature,
:math:`[\mu, L]`, and the optimal ``lr`` and ``momentum`` of ``torch.optim.SGD`` for that
range follow. Here on scikit-learn's diabetes data (442 samples, 10 features,
standardised), as ``momentum-theory tune --method pytorch_sgd --matrix diabetes.npy
--least-squares`` does, and then PyTorch itself trains the model at that tuning.
"""

import matplotlib.pyplot as plt
import numpy as np
import torch
from sklearn.datasets import load_diabetes

import momentum_theory as mt

data = load_diabetes()
X = (data.data - data.data.mean(0)) / data.data.std(0)
y = (data.target - data.target.mean()) / data.target.std()
spectrum = mt.spectrum_of(X, least_squares=True)  # safe bounds: mu <= lambda_min, L >= lambda_max
print(f"eigenvalues in [{spectrum.smallest:.6f}, {spectrum.largest:.6f}]")

# An independent check of the bounds: numpy's eigenvalues of the Hessian, formed here.
eigenvalues = np.linalg.eigvalsh(2 * X.T @ X / X.shape[0])
assert spectrum.mu <= eigenvalues.min() and eigenvalues.max() <= spectrum.L

sgd = mt.methods.get("pytorch_sgd")
tuned = sgd.optimal_parameters(mu=spectrum.mu, L=spectrum.L)
gd = mt.methods.get("gradient_descent").optimal_parameters(mu=spectrum.mu, L=spectrum.L)
print(f"lr = {tuned.lr:.6f}, momentum = {tuned.momentum:.6f}, rate {float(tuned.rate):.6f}")
print(f"best gradient descent: lr = {float(gd.alpha):.6f}, rate {float(gd.rate):.6f}")

# %%
# Train the linear model with ``torch.optim.SGD`` (full batch, float64, seeded start) at the
# tuning, and at the best plain gradient descent step (``momentum=0``), and compare the
# distance to the least-squares solution with the predicted :math:`\rho^t`. The slowest
# modes at these tunings are critically damped (a Jordan block, :math:`d_t \propto t
# \rho^t`): a run of finite length measures a rate slightly above :math:`\rho`, by about
# :math:`1.72/t` (:func:`momentum_theory.rates.jordan_bias`).
torch.manual_seed(0)
inputs, targets = torch.tensor(X), torch.tensor(y)
solution = np.linalg.lstsq(X, y, rcond=None)[0]
start = torch.randn(X.shape[1], dtype=torch.float64)
steps = 300


def train(lr, momentum):
    w = start.clone().requires_grad_(True)
    optimizer = torch.optim.SGD([w], lr=lr, momentum=momentum)
    distances = []
    for _ in range(steps + 1):
        distances.append(np.linalg.norm(w.detach().numpy() - solution))
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(inputs @ w, targets).backward()
        optimizer.step()
    return np.array(distances)


runs = {
    "SGD, tuned lr and momentum": (train(tuned.lr, tuned.momentum), float(tuned.rate)),
    "SGD, momentum=0, best lr": (train(float(gd.alpha), 0.0), float(gd.rate)),
}
fig, ax = plt.subplots(figsize=(6.4, 4.0))
for label, (distances, rate) in runs.items():
    measured = float(mt.empirical_rate(distances))
    print(f"{label}: predicted rate {rate:.4f}, measured {measured:.4f}")
    # At these tunings the slowest modes are critically damped (a Jordan block,
    # d_t ~ t rho^t), so a finite run measures slightly above rho: by about 1.72/steps
    # (momentum_theory.rates.jordan_bias). Twice that is the tolerance.
    assert abs(measured / rate - 1) <= 3.5 / steps
    line = ax.semilogy(distances / distances[0], label=label)[0]
    ax.semilogy(rate ** np.arange(steps + 1), ":", color=line.get_color())
ax.set_xlabel("step $t$")
ax.set_ylabel(r"$\|w_t - w^*\| / \|w_0 - w^*\|$ (dotted: $\rho^t$)")
ax.set_ylim(1e-14, 10)
ax.legend()
fig.tight_layout()
plt.show()
