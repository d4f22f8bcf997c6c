"""Persuasion techniques, frames and genre: taxonomy, encoder, heads, training."""
