"""Writes a one-page A4 PDF with ReportLab's defaults, as many report generators ship it.

Usage: reportlab-doc.py <out.pdf>
ReportLab compresses page content as /Filter [/ASCII85Decode /FlateDecode] and writes a classic
xref table. invariant=1 fixes the dates and /ID, so the file is the same on every run. A block of
text fills the bottom-right corner, where the seal would otherwise go: a signer that reads the
content moves the seal off it.
"""
import sys

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

c = canvas.Canvas(sys.argv[1], pagesize=A4, invariant=1)
c.setFont('Helvetica', 16)
c.drawString(72, 760, 'ReportLab default output (ASCII85 over Flate)')
c.setFont('Helvetica', 10)
for line in range(12):
    c.drawString(330, 40 + line * 14, 'Footer text in the bottom-right corner of the page.')
c.showPage()
c.save()
